"""composio_rs: a fast, typed, sync + async client for the Composio platform API, on a Rust core.

    from composio_rs import Composio
    client = Composio()  # COMPOSIO_API_KEY, COMPOSIO_ORG_API_KEY, COMPOSIO_BASE_URL
    for tool in client.tools.iter(toolkit_slug="github"):
        print(tool.slug)
"""

from __future__ import annotations

import os as _os
from typing import TYPE_CHECKING, Any

from . import _errors, _generated_models, _resources
from ._client import Composio
from ._errors import *  # noqa: F403  (generated from api/errors.toml: the exception classes)
from ._generated_models import *  # noqa: F403  (generated from the spec)
from ._models import Model, Page
from ._realtime import AsyncTriggerSubscription, TriggerSubscription
from ._resources import *  # noqa: F403  (generated: the resource classes of Composio)
from ._webhooks import TriggerMetadata, WebhookEvent, verify_webhook

if TYPE_CHECKING:
    from ._agent import (
        AsyncToolset as AsyncToolset,
    )
    from ._agent import (
        CustomTool as CustomTool,
    )
    from ._agent import (
        Modifier as Modifier,
    )
    from ._agent import (
        ToolContext as ToolContext,
    )
    from ._agent import (
        Toolset as Toolset,
    )
    from ._agent import (
        after_execute as after_execute,
    )
    from ._agent import (
        before_execute as before_execute,
    )
    from ._agent import (
        custom_tool as custom_tool,
    )
    from ._agent import (
        schema_modifier as schema_modifier,
    )
    from ._agent import (
        tool_definition as tool_definition,
    )
    from ._async_client import AsyncComposio as AsyncComposio
    from ._async_resources import *  # noqa: F403
    from ._sessions import (
        AsyncSession as AsyncSession,
    )
    from ._sessions import (
        AsyncSessionFiles as AsyncSessionFiles,
    )
    from ._sessions import (
        AsyncSessionLink as AsyncSessionLink,
    )
    from ._sessions import (
        AsyncSessions as AsyncSessions,
    )
    from ._sessions import (
        Session as Session,
    )
    from ._sessions import (
        SessionFiles as SessionFiles,
    )
    from ._sessions import (
        SessionLink as SessionLink,
    )
    from ._sessions import (
        SessionMcp as SessionMcp,
    )
    from ._sessions import (
        Sessions as Sessions,
    )

__version__ = "0.1.0"


_AGENT_NAMES = (
    "AsyncToolset",
    "CustomTool",
    "Modifier",
    "ToolContext",
    "Toolset",
    "after_execute",
    "before_execute",
    "custom_tool",
    "schema_modifier",
    "tool_definition",
)


_SESSION_NAMES = (
    "AsyncSession",
    "AsyncSessionFiles",
    "AsyncSessionLink",
    "AsyncSessions",
    "Session",
    "SessionFiles",
    "SessionLink",
    "SessionMcp",
    "Sessions",
)
# The resource classes of AsyncComposio, named after Composio's (tests/test_surface.py holds the two lists equal).
_ASYNC_RESOURCE_NAMES = tuple(f"Async{name}" for name in _resources.__all__)


def __getattr__(name: str) -> Any:
    # Imported on first use, so `import composio_rs` stays fast for code that never needs them: the agent layer,
    # the asyncio client and its resources, sessions.
    if name in _AGENT_NAMES:
        from . import _agent

        return getattr(_agent, name)
    if name == "AsyncComposio":
        from ._async_client import AsyncComposio

        return AsyncComposio
    if name in _ASYNC_RESOURCE_NAMES:
        from . import _async_resources

        return getattr(_async_resources, name)
    if name in _SESSION_NAMES:
        from . import _sessions

        return getattr(_sessions, name)
    raise AttributeError(f"module 'composio_rs' has no attribute {name!r}")


def operations() -> list[dict[str, str]]:
    """Every operation of the client: its name (``group.method``), the spec operation it implements
    (``METHOD /api/v3/...``) and whether it is a helper that makes several requests."""
    from ._native import operations as _operations

    return [dict(op) for op in _operations()]

if _os.environ.get("COMPOSIO_LOG"):
    import logging as _logging  # only then: importing logging is most of this package's import time

    # The documented switch: COMPOSIO_LOG=debug|info|warn shows the core's events on stderr.
    _levels = {"trace": 5, "debug": 10, "info": 20, "warn": 30, "warning": 30, "error": 40}
    _level = _levels.get(_os.environ["COMPOSIO_LOG"].lower())
    if _level is not None:
        _logger = _logging.getLogger("composio_rs")
        _logger.setLevel(_level)
        _handler = _logging.StreamHandler()
        _handler.setFormatter(_logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _logger.addHandler(_handler)

__all__ = [
    *_AGENT_NAMES,
    *_SESSION_NAMES,
    "AsyncComposio",
    "AsyncTriggerSubscription",
    "Composio",
    "Model",
    "Page",
    "TriggerMetadata",
    "TriggerSubscription",
    "WebhookEvent",
    "__version__",
    "operations",
    "verify_webhook",
]
__all__ += _errors.__all__
__all__ += _resources.__all__
__all__ += _ASYNC_RESOURCE_NAMES
__all__ += _generated_models.__all__
