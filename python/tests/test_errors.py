"""The exception hierarchy and its attributes."""

from __future__ import annotations

import pickle

import pytest
from conftest import Emulator

import composio_rs


def test_hierarchy() -> None:
    status_classes = [
        composio_rs.BadRequestError,
        composio_rs.AuthenticationError,
        composio_rs.PermissionDeniedError,
        composio_rs.NotFoundError,
        composio_rs.ConflictError,
        composio_rs.UnprocessableEntityError,
        composio_rs.RateLimitError,
        composio_rs.InternalServerError,
    ]
    for cls in status_classes:
        assert issubclass(cls, composio_rs.APIStatusError) and issubclass(cls, composio_rs.ComposioError)
    assert issubclass(composio_rs.APITimeoutError, composio_rs.APIConnectionError)
    assert issubclass(composio_rs.ConfigurationError, ValueError)
    assert issubclass(composio_rs.APIResponseValidationError, composio_rs.ComposioError)


def test_not_found_carries_every_field(client: composio_rs.Composio) -> None:
    with pytest.raises(composio_rs.NotFoundError) as caught:
        client.tools.get("GMAIL_X")
    e = caught.value
    assert (e.status_code, e.code, e.slug, e.message) == (404, 2401, "Tool_ToolNotFound", "Tool GMAIL_X not found")
    assert e.suggested_fix == "Check your input." and e.request_id and e.request_id in str(e)
    assert e.operation == "tools.get" and e.body and "Tool_ToolNotFound" in e.body
    assert "tools.get" in str(e) and "404" in str(e)


def test_errors_pickle_with_their_fields(client: composio_rs.Composio) -> None:
    with pytest.raises(composio_rs.NotFoundError) as caught:
        client.tools.get("GMAIL_X")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is composio_rs.NotFoundError
    assert (copy.status_code, copy.slug, copy.request_id, str(copy)) == (
        404,
        "Tool_ToolNotFound",
        caught.value.request_id,
        str(caught.value),
    )


def test_rate_limit_has_retry_after(emu: Emulator) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "status": 429, "retry_after": "12"})
    client = composio_rs.Composio(**emu.client_kwargs(max_retries=0))
    with pytest.raises(composio_rs.RateLimitError) as caught:
        client.tools.list()
    assert caught.value.retry_after == 12


def test_timeout_and_connection_errors(emu: Emulator) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "delay_ms": 3000})
    slow = composio_rs.Composio(**emu.client_kwargs(max_retries=0, timeout=0.2))
    with pytest.raises(composio_rs.APITimeoutError):
        slow.tools.list()
    nowhere = composio_rs.Composio(api_key="ak_abcdefgh", base_url="http://127.0.0.1:9", max_retries=0)
    with pytest.raises(composio_rs.APIConnectionError) as caught:
        nowhere.tools.list()
    assert not isinstance(caught.value, composio_rs.APITimeoutError)


def test_except_composio_error_catches_everything(emu: Emulator) -> None:
    failing = [
        lambda: composio_rs.Composio(api_key="bad key"),
        lambda: composio_rs.Composio(**emu.client_kwargs(api_key="ak_wrongwrong")).tools.list(),
        lambda: composio_rs.Composio(**emu.client_kwargs()).toolkits.get("nope"),
    ]
    for call in failing:
        with pytest.raises(composio_rs.ComposioError):
            call()
