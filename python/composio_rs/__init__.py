"""composio_rs: a fast, typed, sync + async client for the Composio platform API, on a Rust core.

    from composio_rs import Composio
    client = Composio()  # COMPOSIO_API_KEY, COMPOSIO_ORG_API_KEY, COMPOSIO_BASE_URL
    for tool in client.tools.iter(toolkit_slug="github"):
        print(tool.slug)
"""

from __future__ import annotations

import os as _os

from . import _async_resources, _generated_models, _resources
from ._async_resources import *  # noqa: F403  (generated: the resource classes of AsyncComposio)
from ._client import AsyncComposio, Composio
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ComposioError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    WebhookVerificationError,
)
from ._generated_models import *  # noqa: F403  (generated from the spec)
from ._models import Model, Page
from ._resources import *  # noqa: F403  (generated: the resource classes of Composio)
from ._webhooks import TriggerMetadata, WebhookEvent, verify_webhook

__version__ = "0.1.0"


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
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncComposio",
    "AuthenticationError",
    "BadRequestError",
    "Composio",
    "ComposioError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "Model",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "TriggerMetadata",
    "UnprocessableEntityError",
    "WebhookEvent",
    "WebhookVerificationError",
    "__version__",
    "operations",
    "verify_webhook",
]
__all__ += _resources.__all__
__all__ += _async_resources.__all__
__all__ += _generated_models.__all__
