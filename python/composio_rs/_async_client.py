"""``AsyncComposio``: the asyncio client, with the same resources and methods as ``Composio``. Imported when
first used (``composio_rs.AsyncComposio``), so a blocking program never loads it or its resources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from ._async_resources import _AsyncGroups
from ._client import Credential, _Base, _file_options
from ._native import NativeClient
from ._options import AuthScheme, Files, PathLike
from ._resource_base import _args

if TYPE_CHECKING:
    from . import _agent
    from ._sessions import AsyncSessions


class AsyncComposio(_AsyncGroups, _Base):
    """The asyncio client: every method is a coroutine; cancelling it cancels the request. The same resources
    and methods as ``Composio``."""

    _sessions: Optional[AsyncSessions] = None

    def _attach(self, native: NativeClient) -> None:
        self._native = native
        self._attach_groups(native)

    @property
    def sessions(self) -> AsyncSessions:
        """Tool router sessions (``await sessions.create(user_id, toolkits=...)``); imported on first use."""
        if self._sessions is None:
            from ._sessions import AsyncSessions

            self._sessions = AsyncSessions(self._native)
        return self._sessions

    @classmethod
    def _wrap(cls, native: NativeClient) -> AsyncComposio:
        client = cls.__new__(cls)
        client._attach(native)
        return client

    def with_api_key(self, api_key: str) -> AsyncComposio:
        """A client for another project that shares this one's connection pool."""
        return AsyncComposio._wrap(self._native.with_api_key(api_key))

    def with_options(
        self,
        *,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        auth_scheme: Optional[AuthScheme] = None,
    ) -> AsyncComposio:
        return AsyncComposio._wrap(self._native.with_options(timeout, max_retries, auth_scheme))

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Union[str, int, bool, Sequence[str]]]] = None,
        body: Any = None,
        credential: Credential = "project",
    ) -> Any:
        """Any endpoint, with the same auth, retries and errors; returns the decoded JSON."""
        args = _args(method=method, path=path, query=query, body=body, credential=credential)
        return await self._native.call_async("request", args)

    async def toolset(
        self,
        *,
        user_id: str,
        toolkits: Optional[Sequence[str]] = None,
        tools: Optional[Sequence[str]] = None,
        search: Optional[str] = None,
        tags: Optional[Sequence[str]] = None,
        scopes: Optional[Sequence[str]] = None,
        limit: Optional[int] = None,
        format: "_agent.Format" = "openai",
        strict: bool = False,
        connected_account_id: Optional[str] = None,
        max_concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        modifiers: Optional[Sequence["_agent.Modifier"]] = None,
        custom_tools: Optional[Sequence[Any]] = None,
        files: Optional[Files] = None,
        upload_dirs: Optional[Sequence[PathLike]] = None,
        download_dir: Optional[PathLike] = None,
    ) -> "_agent.AsyncToolset":
        """The tools of ``toolkits`` (filtered by ``search``, ``tags``, ``scopes``), and ``tools`` by slug, for
        ``user_id``, in a model API's ``format`` (``openai``, ``openai_responses``, ``anthropic``, ``gemini``,
        ``mcp``): every page, nothing truncated unless ``limit`` says so. ``strict`` is OpenAI's strict mode,
        at every depth. ``timeout`` (seconds) bounds each call; ``max_concurrency`` (default 8) how many calls of
        one response run at once. ``modifiers`` and ``custom_tools``: see ``before_execute`` and ``custom_tool``.
        ``files``, ``upload_dirs``, ``download_dir``: as on the client, which they override."""
        from . import _agent

        return await _agent.build_async_toolset(
            self._native,
            modifiers,
            custom_tools,
            user_id=user_id,
            toolkits=toolkits,
            tools=tools,
            search=search,
            tags=tags,
            scopes=scopes,
            limit=limit,
            format=format,
            strict=strict,
            connected_account_id=connected_account_id,
            max_concurrency=max_concurrency,
            timeout=timeout,
            **_file_options(files, upload_dirs, download_dir),
        )
