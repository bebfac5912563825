"""Live trigger events: ``client.triggers.subscribe(...)`` yields each event of the project's realtime channel as
the ``WebhookEvent`` the webhook verifier returns (no public URL needed).

The subscription reconnects by itself after a dropped connection, delivers a repeated or reassembled event once,
applies the filters, and ``stop()`` ends it at once from anywhere, a callback of its own included.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Optional, Union

from ._native import NativeSubscription, subscribe, subscribe_async
from ._webhooks import WebhookEvent

if TYPE_CHECKING:
    from types import TracebackType

    from ._native import NativeClient


def _options(
    trigger_slug: Optional[str],
    trigger_id: Optional[str],
    toolkit: Optional[str],
    user_id: Optional[str],
    auth_config_id: Optional[str],
    connected_account_id: Optional[str],
    realtime_url: Optional[str],
) -> dict[str, Any]:
    return {
        "trigger_slug": trigger_slug,
        "trigger_id": trigger_id,
        "toolkit": toolkit,
        "user_id": user_id,
        "auth_config_id": auth_config_id,
        "connected_account_id": connected_account_id,
        "realtime_url": realtime_url,
    }


def _event(text: Optional[str]) -> Optional[WebhookEvent]:
    return None if text is None else WebhookEvent(json.loads(text))


class TriggerSubscription:
    """The live events of a project: an iterator (``for event in subscription``), a callback runner
    (``subscription.run(callback)``) and a context manager that stops it on exit."""

    def __init__(self, native: NativeSubscription) -> None:
        self._native = native

    def __iter__(self) -> TriggerSubscription:
        return self

    def __next__(self) -> WebhookEvent:
        event = _event(self._native.next())
        if event is None:
            raise StopIteration
        return event

    def run(self, callback: Callable[[WebhookEvent], Any]) -> None:
        """Calls ``callback`` with each event until the subscription is stopped (the callback may stop it). An
        exception of the callback stops the subscription and is raised here."""
        try:
            for event in self:
                callback(event)
        finally:
            self.stop()

    def stop(self) -> None:
        """Ends the subscription now: a waiting ``next`` returns, and no more events are delivered."""
        self._native.stop()

    @property
    def stopped(self) -> bool:
        return self._native.stopped

    def __enter__(self) -> TriggerSubscription:
        return self

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        error: Optional[BaseException],
        trace: Optional[TracebackType],
    ) -> None:
        self.stop()


class AsyncTriggerSubscription:
    """The asyncio form: ``async for event in client.triggers.subscribe(...)``; it joins the channel on first use
    (or on ``async with``), so a refused key is raised there."""

    def __init__(self, connect: Callable[[], Awaitable[NativeSubscription]]) -> None:
        self._connect = connect
        self._native: Optional[NativeSubscription] = None
        self._stopped = False

    async def _subscription(self) -> NativeSubscription:
        if self._native is None:
            self._native = await self._connect()
            if self._stopped:
                self._native.stop()
        return self._native

    def __aiter__(self) -> AsyncTriggerSubscription:
        return self

    async def __anext__(self) -> WebhookEvent:
        if self._stopped:
            raise StopAsyncIteration
        native = await self._subscription()
        event = _event(await native.next_async())
        if event is None:
            raise StopAsyncIteration
        return event

    async def run(self, callback: Callable[[WebhookEvent], Union[Any, Awaitable[Any]]]) -> None:
        """Calls ``callback`` (a function or a coroutine function) with each event until stopped."""
        import inspect  # only here: importing it costs more than the rest of this module

        try:
            async for event in self:
                outcome = callback(event)
                if inspect.isawaitable(outcome):
                    await outcome
        finally:
            self.stop()

    def stop(self) -> None:
        self._stopped = True
        if self._native is not None:
            self._native.stop()

    @property
    def stopped(self) -> bool:
        return self._stopped

    async def __aenter__(self) -> AsyncTriggerSubscription:
        await self._subscription()
        return self

    async def __aexit__(
        self,
        kind: Optional[type[BaseException]],
        error: Optional[BaseException],
        trace: Optional[TracebackType],
    ) -> None:
        self.stop()


class _TriggerSubscriptions:
    """``subscribe`` on ``Composio.triggers``."""

    _native: NativeClient

    def subscribe(
        self,
        *,
        trigger_slug: Optional[str] = None,
        trigger_id: Optional[str] = None,
        toolkit: Optional[str] = None,
        user_id: Optional[str] = None,
        auth_config_id: Optional[str] = None,
        connected_account_id: Optional[str] = None,
        realtime_url: Optional[str] = None,
    ) -> TriggerSubscription:
        """Subscribes to the project's live trigger events, returning once the channel is joined (a refused key or
        channel signature raises here, within the client's timeout). Every filter given must match
        (case-insensitively); ``toolkit`` is the start of the trigger slug. ``realtime_url`` replaces the websocket
        URL the realtime credentials name (``wss``, or ``ws`` on loopback)."""
        options = _options(
            trigger_slug, trigger_id, toolkit, user_id, auth_config_id, connected_account_id, realtime_url
        )
        return TriggerSubscription(subscribe(self._native, options))


class _AsyncTriggerSubscriptions:
    """``subscribe`` on ``AsyncComposio.triggers``."""

    _native: NativeClient

    def subscribe(
        self,
        *,
        trigger_slug: Optional[str] = None,
        trigger_id: Optional[str] = None,
        toolkit: Optional[str] = None,
        user_id: Optional[str] = None,
        auth_config_id: Optional[str] = None,
        connected_account_id: Optional[str] = None,
        realtime_url: Optional[str] = None,
    ) -> AsyncTriggerSubscription:
        """The project's live trigger events as an async iterator (``async for``); see ``Composio.triggers.subscribe``."""
        options = _options(
            trigger_slug, trigger_id, toolkit, user_id, auth_config_id, connected_account_id, realtime_url
        )
        native = self._native
        return AsyncTriggerSubscription(lambda: subscribe_async(native, options))
