"""Live trigger events over the emulator's own Pusher websocket: order, chunks, filters, a reconnect after the
emulator drops every socket, stopping from a callback, and a refused channel signature."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from conftest import Emulator

import composio_rs


def trigger(client: composio_rs.Composio, slug: str) -> str:
    made = client.triggers.upsert(slug, user_id="user-1", trigger_config={"owner": "acme", "repo": "live"})
    return made.trigger_id


def fire(emu: Emulator, trigger_id: str, data: dict[str, Any]) -> Any:
    return emu.admin("POST", f"/_emulator/triggers/{trigger_id}/fire", {"data": data})


def wait_for_subscribers(emu: Emulator, want: int) -> None:
    """Polls the emulator (bounded) until `want` sockets have joined a channel."""
    deadline = time.monotonic() + 15
    while emu.admin("GET", "/_emulator/realtime")["subscribed"] != want:
        assert time.monotonic() < deadline, f"no {want} subscribers"
        time.sleep(0.02)


def test_events_arrive_in_order_chunked_filtered_and_after_a_reconnect(
    emu: Emulator, client: composio_rs.Composio
) -> None:
    wanted = trigger(client, "GITHUB_STAR_ADDED_EVENT")
    other = trigger(client, "GITHUB_COMMIT_EVENT")
    with client.triggers.subscribe(trigger_slug="github_star_added_event", toolkit="GITHUB") as events:
        assert fire(emu, wanted, {"n": 1})["realtime"] == 1
        fire(emu, other, {"n": "filtered out"})
        fire(emu, wanted, {"n": 2, "large": "x" * 40_000})
        fire(emu, wanted, {"n": 3})
        got = [next(events) for _ in range(3)]
        assert [e.data["n"] for e in got] == [1, 2, 3]
        assert len(got[1].data["large"]) == 40_000
        assert all(e.type == "composio.trigger.message" for e in got)
        assert got[0].metadata is not None and got[0].metadata.trigger_id == wanted
        assert got[0].metadata.user_id == "user-1"
        assert len({e.webhook_id for e in got}) == 3

        assert emu.admin("POST", "/_emulator/realtime/drop", {})["dropped"] == 1
        wait_for_subscribers(emu, 1)
        fire(emu, wanted, {"n": 4})
        assert next(events).data["n"] == 4
    assert events.stopped
    wait_for_subscribers(emu, 0)


def test_a_callback_stops_its_own_subscription(emu: Emulator, client: composio_rs.Composio) -> None:
    wanted = trigger(client, "GITHUB_STAR_ADDED_EVENT")
    events = client.triggers.subscribe(trigger_id=wanted)
    seen: list[int] = []

    def on_event(event: composio_rs.WebhookEvent) -> None:
        seen.append(event.data["n"])
        if len(seen) == 2:
            events.stop()

    for n in range(1, 4):
        fire(emu, wanted, {"n": n})
    events.run(on_event)  # returns once the callback stopped it, with the third event still queued
    assert seen == [1, 2]
    assert list(events) == []
    wait_for_subscribers(emu, 0)


def test_a_callback_error_stops_the_subscription_and_is_raised(emu: Emulator, client: composio_rs.Composio) -> None:
    wanted = trigger(client, "GITHUB_STAR_ADDED_EVENT")
    events = client.triggers.subscribe()
    fire(emu, wanted, {"n": 1})

    def broken(event: composio_rs.WebhookEvent) -> None:
        raise RuntimeError("the handler broke")

    with pytest.raises(RuntimeError, match="the handler broke"):
        events.run(broken)
    assert events.stopped
    wait_for_subscribers(emu, 0)


def test_a_bad_channel_signature_is_a_typed_error_not_a_hang(emu: Emulator, client: composio_rs.Composio) -> None:
    emu.fault(
        {
            "method": "POST",
            "path": "/api/v3/internal/sdk/realtime/auth",
            "status": 200,
            "body": '{"auth": "nope:0000"}',
            "body_kind": "raw",
        }
    )
    started = time.monotonic()
    with pytest.raises(composio_rs.AuthenticationError) as caught:
        client.triggers.subscribe()
    assert caught.value.slug == "Realtime_SubscriptionRefused"
    assert time.monotonic() - started < 10
    with pytest.raises(composio_rs.ConfigurationError, match="unknown subscribe option|wss"):
        client.triggers.subscribe(realtime_url="ws://example.com/app/k")


def test_async_for_and_stop_from_another_task(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    async def scenario() -> None:
        made = await aclient.triggers.upsert(
            "GITHUB_STAR_ADDED_EVENT", user_id="user-1", trigger_config={"owner": "acme", "repo": "live"}
        )
        async with aclient.triggers.subscribe(trigger_id=made.trigger_id) as events:
            await asyncio.to_thread(fire, emu, made.trigger_id, {"n": 1})
            async for event in events:
                assert event.data["n"] == 1
                break
            waiting = asyncio.ensure_future(events.__anext__())
            events.stop()
            with pytest.raises(StopAsyncIteration):
                await asyncio.wait_for(waiting, 5)

    asyncio.run(scenario())
    wait_for_subscribers(emu, 0)
