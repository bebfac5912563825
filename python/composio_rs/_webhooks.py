"""Verifying the webhooks Composio sends: the check runs in the Rust core (HMAC-SHA256, constant-time)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Union

from ._native import verify_webhook as _verify

DEFAULT_TOLERANCE = 300

_METADATA_FIELDS = ("log_id", "trigger_slug", "trigger_id", "connected_account_id", "auth_config_id", "user_id")


class TriggerMetadata:
    """Which trigger, connected account and user a ``composio.trigger.message`` is about."""

    __slots__ = _METADATA_FIELDS

    def __init__(self, fields: Mapping[str, Optional[str]]) -> None:
        for name in _METADATA_FIELDS:
            object.__setattr__(self, name, fields.get(name))

    log_id: Optional[str]
    trigger_slug: Optional[str]
    trigger_id: Optional[str]
    connected_account_id: Optional[str]
    auth_config_id: Optional[str]
    user_id: Optional[str]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("TriggerMetadata is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TriggerMetadata) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(tuple(self.to_dict().items()))

    def to_dict(self) -> dict[str, Optional[str]]:
        return {name: getattr(self, name) for name in _METADATA_FIELDS}

    def __repr__(self) -> str:
        return f"TriggerMetadata({', '.join(f'{k}={v!r}' for k, v in self.to_dict().items())})"


class WebhookEvent:
    """A verified webhook. ``type`` is ``composio.trigger.message`` (with ``metadata``),
    ``composio.connected_account.expired``, ``composio.trigger.disabled`` or any newer type (kept as sent);
    ``payload`` is the whole event."""

    __slots__ = ("webhook_id", "timestamp", "type", "metadata", "data", "payload")

    webhook_id: str
    timestamp: int
    type: str
    metadata: Optional[TriggerMetadata]
    data: Any
    payload: dict[str, Any]

    def __init__(self, fields: Mapping[str, Any]) -> None:
        metadata = fields.get("metadata")
        values = {
            "webhook_id": fields["webhook_id"],
            "timestamp": fields["timestamp"],
            "type": fields["type"],
            "metadata": TriggerMetadata(metadata) if metadata is not None else None,
            "data": fields.get("data"),
            "payload": fields.get("payload") or {},
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("WebhookEvent is read-only")

    def to_dict(self) -> dict[str, Any]:
        return {
            "webhook_id": self.webhook_id,
            "timestamp": self.timestamp,
            "type": self.type,
            "metadata": self.metadata.to_dict() if self.metadata is not None else None,
            "data": self.data,
            "payload": self.payload,
        }

    def __repr__(self) -> str:
        return f"WebhookEvent(type={self.type!r}, webhook_id={self.webhook_id!r}, metadata={self.metadata!r})"


def verify_webhook(
    body: Union[bytes, bytearray, str],
    headers: Union[Mapping[str, str], Iterable[tuple[str, str]]],
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Optional[int] = None,
) -> WebhookEvent:
    """Verifies a webhook Composio sent (standard-webhooks signing) and returns its event.

    ``body`` must be the raw request body, exactly as received (not re-serialized JSON); ``headers`` the
    request's headers (any mapping, e.g. a framework's headers object, or pairs); ``secret`` the project's
    ``webhook_secret``. ``tolerance`` is the allowed age (or lead) of ``webhook-timestamp`` in seconds;
    ``now`` (Unix seconds) is for tests. Raises ``WebhookVerificationError`` whose ``slug`` says which check
    failed; its message never contains the secret.
    """
    import json  # only here: importing the package stays cheap

    pairs = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    text = _verify(body, [(str(k), str(v)) for k, v in pairs], secret, int(tolerance), now)
    return WebhookEvent(json.loads(text))
