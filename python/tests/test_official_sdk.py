"""The official `composio` 0.30 SDK pointed at the emulator, as a user porting to composio-rs would try it: the
emulator must play the current API well enough that the official client works against it too."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from conftest import Emulator

composio = pytest.importorskip("composio")  # scripts/test-python.sh installs composio==0.30.0


def _official(emulator: Emulator) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # No telemetry: tests reach loopback only.
        return composio.Composio(api_key=emulator.api_key, base_url=emulator.base_url.rstrip("/"), allow_tracking=False)


def test_a_session_is_created_and_lists_its_meta_tools(emulator: Emulator) -> None:
    session = _official(emulator).create(user_id="user-1", toolkits=["github"])
    assert session.session_id.startswith("trs_")
    names = {t["function"]["name"] for t in session.tools()}
    assert {"COMPOSIO_SEARCH_TOOLS", "COMPOSIO_MULTI_EXECUTE_TOOL"} <= names


def test_a_trigger_is_created_for_a_user_without_naming_the_account(emulator: Emulator) -> None:
    client = _official(emulator)
    created = client.triggers.create(slug="GITHUB_COMMIT_EVENT", user_id="user-1", trigger_config={"owner": "acme", "repo": "app"})
    assert created.trigger_id.startswith("ti_")
    active = client.triggers.list_active(trigger_ids=[created.trigger_id])
    assert [t.user_id for t in active.items] == ["user-1"]


def test_tools_get_returns_the_users_tools(emulator: Emulator) -> None:
    tools = _official(emulator).tools.get(user_id="user-1", toolkits=["github"], limit=5)
    assert len(tools) == 5 and all(t["function"]["name"].startswith("GITHUB_") for t in tools)


def test_a_webhook_subscription_is_set_rotated_and_deleted(emulator: Emulator) -> None:
    subscriptions = _official(emulator).webhooks.subscriptions
    created = subscriptions.set(webhook_url="https://app.example/hooks/official")
    assert created["enabled_events"] == ["composio.trigger.message"] and created["version"] == "V3"
    # set() again updates the first subscription instead of making another.
    again = subscriptions.set(webhook_url="https://app.example/hooks/moved")
    assert again["id"] == created["id"] and again["webhook_url"] == "https://app.example/hooks/moved"
    rotated = subscriptions.rotate_secret(created["id"])
    assert rotated.secret != created["secret"]
    assert any(e.event_type == "composio.trigger.message" for e in subscriptions.list_event_types().items)
    assert subscriptions.delete(created["id"]).success
    assert [s.id for s in subscriptions.list().items if s.id == created["id"]] == []
