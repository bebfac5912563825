"""The base of the exception classes (the classes themselves are generated into ``_errors``)."""

from __future__ import annotations

from typing import Any, Optional


class ComposioError(Exception):
    """Base of every error raised by composio_rs.

    ``str(error)`` names the operation, the status, the server's message and the request id;
    ``message`` is the server's message alone. Neither ever contains an API key.
    """

    kind: str
    operation: Optional[str]
    status_code: Optional[int]
    code: Optional[int]
    slug: Optional[str]
    message: str
    request_id: Optional[str]
    suggested_fix: Optional[str]
    errors: list[str]
    retry_after: Optional[float]
    body: Optional[str]

    def __init__(
        self,
        description: str,
        *,
        kind: str = "configuration",
        operation: Optional[str] = None,
        status_code: Optional[int] = None,
        code: Optional[int] = None,
        slug: Optional[str] = None,
        request_id: Optional[str] = None,
        suggested_fix: Optional[str] = None,
        errors: Optional[list[str]] = None,
        retry_after: Optional[float] = None,
        body: Optional[str] = None,
        server_message: Optional[str] = None,
    ) -> None:
        super().__init__(description)
        self.kind = kind
        self.operation = operation
        self.status_code = status_code
        self.code = code
        self.slug = slug
        self.message = server_message if server_message is not None else description
        self.request_id = request_id
        self.suggested_fix = suggested_fix
        self.errors = list(errors or [])
        self.retry_after = retry_after
        self.body = body

    def _fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operation": self.operation,
            "status_code": self.status_code,
            "code": self.code,
            "slug": self.slug,
            "request_id": self.request_id,
            "suggested_fix": self.suggested_fix,
            "errors": self.errors,
            "retry_after": self.retry_after,
            "body": self.body,
            "server_message": self.message,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), str(self), self._fields()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, status_code={self.status_code!r}, slug={self.slug!r})"


def _rebuild(cls: type[ComposioError], description: str, fields: dict[str, Any]) -> ComposioError:
    return cls(description, **fields)
