"""What every generated resource method uses: keyword arguments to one native call, pages, lazy iteration."""

from __future__ import annotations

import math
import os
from typing import Any, AsyncIterator, Iterator, Optional, TypeVar, Union

from ._errors import ConfigurationError
from ._models import Model, Page
from ._native import NativeClient

M = TypeVar("M", bound=Model)
PathLike = Union[str, "os.PathLike[str]"]


def _args(**kwargs: Any) -> dict[str, Any]:
    """Keyword arguments without the ones left at None (None means "not sent"); paths as their text."""
    return {k: os.fspath(v) if isinstance(v, os.PathLike) else v for k, v in kwargs.items() if v is not None}


def _millis(name: str, seconds: Optional[float]) -> Optional[float]:
    """A duration given in seconds (int or float), as the milliseconds the native client takes."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds, got {type(seconds).__name__}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigurationError(f"{name} must be a finite, non-negative number of seconds, got {seconds!r}")
    return float(seconds) * 1000.0


class _SyncResource:
    def __init__(self, native: NativeClient) -> None:
        self._native = native

    def _page(self, operation: str, item: type[M], args: dict[str, Any]) -> Page[M]:
        return Page(self._native.call(operation, args), item)

    def _iter(self, operation: str, item: type[M], args: dict[str, Any]) -> Iterator[M]:
        pager = self._native.pager(operation, args)
        while True:
            page = pager.next_page()
            if page is None:
                return
            for data in page["items"]:
                yield item(data)


class _AsyncResource:
    def __init__(self, native: NativeClient) -> None:
        self._native = native

    async def _page(self, operation: str, item: type[M], args: dict[str, Any]) -> Page[M]:
        return Page(await self._native.call_async(operation, args), item)

    async def _iter(self, operation: str, item: type[M], args: dict[str, Any]) -> AsyncIterator[M]:
        pager = self._native.pager(operation, args)
        while True:
            page = await pager.next_page_async()
            if page is None:
                return
            for data in page["items"]:
                yield item(data)
