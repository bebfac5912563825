"""Keys never appear in reprs, exception text or log records."""

from __future__ import annotations

import logging

import pytest
from conftest import Emulator, unique

import composio_rs


def test_repr_masks_keys(emu: Emulator, client: composio_rs.Composio, aclient: composio_rs.AsyncComposio) -> None:
    for text in (repr(client), repr(aclient), repr(client.with_api_key(emu.other_api_key))):
        assert emu.api_key not in text and emu.org_api_key not in text and emu.other_api_key not in text
        assert "ak_***" in text


def test_model_reprs_mask_keys(client: composio_rs.Composio) -> None:
    created = client.projects.create(unique("secret"), should_create_api_key=True)
    details = client.projects.get(created.id)
    assert created.api_key
    for text in (repr(created), repr(details), repr(details.api_keys)):
        assert created.api_key not in text, text


def test_exceptions_do_not_contain_the_key(emu: Emulator) -> None:
    wrong = "ak_thisisnotavalidkey"
    with pytest.raises(composio_rs.AuthenticationError) as caught:
        composio_rs.Composio(**emu.client_kwargs(api_key=wrong)).tools.list()
    e = caught.value
    assert wrong not in f"{e} {e!r} {e.body} {e.message} {e.args}"
    with pytest.raises(composio_rs.ConfigurationError) as bad:
        composio_rs.Composio(api_key="ak_secret value")
    assert "secret" not in str(bad.value)


def test_clients_refuse_to_pickle(client: composio_rs.Composio) -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(client)


def test_log_records_name_the_call_without_the_key(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="composio_rs")
    client = composio_rs.Composio(**emu.client_kwargs())  # reads the logger's level when built
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "status": 503, "retry_after_ms": "1"})
    client.tools.list(search="topsecretsearch")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "composio_rs")
    assert "tools.list" in text and "retrying" in text
    assert emu.api_key not in text and "topsecretsearch" not in text
