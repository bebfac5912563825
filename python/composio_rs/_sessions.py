"""Tool router sessions: ``client.sessions.create(user_id, ...)`` returns a ``Session`` whose ``toolset()`` hands a
model the session's meta tools (search, connect, run any toolkit) and runs the calls it makes in the session.

Each method is one native call of the operation table (``tool_router.*``); the shorthands of the session options,
the session toolset's routing and the MCP headers are the Rust core's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from . import _native
from ._generated_models import (
    ConnectedAccount,
    DeletedMountFile,
    DeletedToolRouterSession,
    MountDownloadUrl,
    MountFile,
    MountUploadUrl,
    ToolRouterExecution,
    ToolRouterLink,
    ToolRouterProxyResult,
    ToolRouterSearch,
    ToolRouterSession,
    ToolRouterToolkit,
)
from ._resource_base import PathLike, _args, _AsyncResource, _millis, _SyncResource

if TYPE_CHECKING:
    from . import _agent
    from ._native import NativeClient

ToolkitRule = Union[Sequence[str], Mapping[str, Any]]
Source = Union[PathLike, bytes, bytearray, memoryview]
MOUNT = "files"  # the mount every session has


def _source(source: Source) -> dict[str, Any]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return {"content": bytes(source)}
    return {"path": source}


class _MountArgs:
    _native: NativeClient
    _session_id: str

    def _args(self, **args: Any) -> dict[str, Any]:
        return _args(session_id=self._session_id, mount_id=MOUNT, **args)


class SessionFiles(_MountArgs, _SyncResource):
    """``session.files``: the session's file mount (what its sandbox tools read and write), by mount path."""

    def __init__(self, native: NativeClient, session_id: str) -> None:
        super().__init__(native)
        self._session_id = session_id

    def list(self, prefix: Optional[str] = None) -> list[MountFile]:
        """Every file of the mount (every page), by path; under ``prefix`` when given."""
        args = self._args(mount_relative_prefix=prefix)
        return [*self._iter("tool_router.list_mount_files", MountFile, args)]

    def upload(self, mount_relative_path: str, source: Source, *, mimetype: Optional[str] = None) -> MountUploadUrl:
        """Puts a file (a path to read, or bytes) at ``mount_relative_path`` (a file there is replaced)."""
        args = self._args(mount_relative_path=mount_relative_path, mimetype=mimetype, **_source(source))
        return MountUploadUrl(self._native.call("tool_router.upload_mount_file", args))

    def download(self, mount_relative_path: str, to: PathLike) -> MountDownloadUrl:
        """Saves the file at ``mount_relative_path`` as the local file ``to`` (replaced if it exists)."""
        args = self._args(mount_relative_path=mount_relative_path, path=to)
        return MountDownloadUrl(self._native.call("tool_router.download_mount_file", args))

    def delete(self, mount_relative_path: str) -> DeletedMountFile:
        """Deletes a file, or every file under a directory path."""
        args = self._args(mount_relative_path=mount_relative_path)
        return DeletedMountFile(self._native.call("tool_router.delete_mount_file", args))


class AsyncSessionFiles(_MountArgs, _AsyncResource):
    """``session.files`` of an ``AsyncSession``: the methods of ``SessionFiles`` as coroutines."""

    def __init__(self, native: NativeClient, session_id: str) -> None:
        super().__init__(native)
        self._session_id = session_id

    async def list(self, prefix: Optional[str] = None) -> list[MountFile]:
        args = self._args(mount_relative_prefix=prefix)
        return [f async for f in self._iter("tool_router.list_mount_files", MountFile, args)]

    async def upload(self, mount_relative_path: str, source: Source, *, mimetype: Optional[str] = None) -> MountUploadUrl:
        args = self._args(mount_relative_path=mount_relative_path, mimetype=mimetype, **_source(source))
        return MountUploadUrl(await self._native.call_async("tool_router.upload_mount_file", args))

    async def download(self, mount_relative_path: str, to: PathLike) -> MountDownloadUrl:
        args = self._args(mount_relative_path=mount_relative_path, path=to)
        return MountDownloadUrl(await self._native.call_async("tool_router.download_mount_file", args))

    async def delete(self, mount_relative_path: str) -> DeletedMountFile:
        args = self._args(mount_relative_path=mount_relative_path)
        return DeletedMountFile(await self._native.call_async("tool_router.delete_mount_file", args))


@dataclass(frozen=True)
class SessionMcp:
    """What an MCP client needs to reach a session's tools. ``headers`` holds the project key (not in ``repr``)."""

    type: str
    url: str
    headers: dict[str, str] = field(repr=False)


class SessionLink(ToolRouterLink):
    """A connect link for the session's user (``session.authorize``): send them to ``redirect_url``, then
    ``wait_for_connection()``."""

    __slots__ = ("_client",)

    def __init__(self, data: dict[str, Any], native: NativeClient) -> None:
        super().__init__(data)
        object.__setattr__(self, "_client", native)

    def _wait_args(self, timeout: Optional[float]) -> dict[str, Any]:
        return _args(connected_account_id=self.connected_account_id, timeout=_millis("timeout", timeout))

    def wait_for_connection(self, *, timeout: Optional[float] = None) -> ConnectedAccount:
        """Blocks until the account is ``ACTIVE`` (seconds; default 60); a typed error when it fails or times out."""
        return ConnectedAccount(self._client.call("connected_accounts.wait_for_connection", self._wait_args(timeout)))


class AsyncSessionLink(SessionLink):
    """The link of an ``AsyncSession``: ``await link.wait_for_connection()``."""

    __slots__ = ()

    async def wait_for_connection(self, *, timeout: Optional[float] = None) -> ConnectedAccount:  # type: ignore[override]
        """Waits until the account is ``ACTIVE`` (seconds; default 60); a typed error when it fails or times out."""
        args = self._wait_args(timeout)
        return ConnectedAccount(await self._client.call_async("connected_accounts.wait_for_connection", args))


def _config(**options: Any) -> dict[str, Any]:
    config: dict[str, Any] = _native.session_config(_args(**options))
    return config


def _toolset_options(**options: Any) -> dict[str, Any]:
    return {k: v for k, v in options.items() if v is not None}


class _SessionBase:
    """What both kinds of session hold: the session as the API answered it."""

    def __init__(self, native: NativeClient, info: ToolRouterSession) -> None:
        self._native = native
        self._info = info

    @property
    def id(self) -> str:
        return self._info.session_id

    @property
    def user_id(self) -> str:
        config: Any = self._info.config
        return str(config.get("user_id", "")) if isinstance(config, dict) else ""

    @property
    def info(self) -> ToolRouterSession:
        """The session as the API last answered it (``config``, ``config_version``, ``tool_router_tools``)."""
        return self._info

    def _call(self, operation: str, **args: Any) -> Any:
        return self._native.call(operation, _args(session_id=self.id, **args))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, user_id={self.user_id!r})"


class Session(_SessionBase):
    """One end user's session (blocking)."""

    @property
    def mcp(self) -> SessionMcp:
        """The session's MCP server: ``type``, ``url`` and the ``headers`` (``x-api-key``) an MCP client sends (the
        key asked of its function now, when it is one)."""
        mcp = self._info.mcp
        return SessionMcp(mcp.type, mcp.url, dict(_native.mcp_headers(self._native)))

    @property
    def files(self) -> SessionFiles:
        """The session's file mount: ``list``, ``upload`` (a path or bytes), ``download``, ``delete``."""
        return SessionFiles(self._native, self.id)

    def toolset(
        self,
        *,
        format: "_agent.Format" = "openai",
        strict: bool = False,
        max_concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        modifiers: Optional[Sequence["_agent.Modifier"]] = None,
        custom_tools: Optional[Sequence[Any]] = None,
    ) -> "_agent.Toolset":
        """The session's meta tools in ``format``; ``handle`` runs the model's calls in the session. Modifiers
        apply as on ``client.toolset`` and see ``session_id`` in what they get."""
        from . import _agent

        options = _toolset_options(format=format, strict=strict, max_concurrency=max_concurrency, timeout=timeout)
        return _agent.build_toolset(
            self._native, modifiers, custom_tools, user_id=self.user_id, session_id=self.id, **options
        )

    def execute(self, tool_slug: str, arguments: Optional[Mapping[str, Any]] = None) -> ToolRouterExecution:
        """Runs a tool as the session's user; a tool that fails says why in ``error``."""
        return ToolRouterExecution(self._call("tool_router.execute", tool_slug=tool_slug, arguments=arguments))

    def execute_meta(self, slug: str, arguments: Optional[Mapping[str, Any]] = None) -> ToolRouterExecution:
        """Runs one of the router's own tools (``COMPOSIO_SEARCH_TOOLS``, ``COMPOSIO_MULTI_EXECUTE_TOOL``, ...)."""
        return ToolRouterExecution(self._call("tool_router.execute_meta", slug=slug, arguments=arguments))

    def search(
        self, queries: Sequence[Mapping[str, Any]], *, model: Optional[str] = None, search_strategy: Optional[str] = None
    ) -> ToolRouterSearch:
        """Tools for up to seven use cases (``[{"use_case": ...}]``), with the connection each toolkit needs."""
        args = {"queries": list(queries), "model": model, "search_strategy": search_strategy}
        return ToolRouterSearch(self._call("tool_router.search", **args))

    def proxy_execute(
        self, toolkit_slug: str, endpoint: str, method: str = "GET", *, body: Any = None, parameters: Any = None
    ) -> ToolRouterProxyResult:
        """A request to the toolkit's own API with the user's account (the API adds the credentials)."""
        args = {"toolkit_slug": toolkit_slug, "endpoint": endpoint, "method": method, "body": body, "parameters": parameters}
        return ToolRouterProxyResult(self._call("tool_router.proxy_execute", **args))

    def authorize(self, toolkit: str, *, callback_url: Optional[str] = None) -> SessionLink:
        """A connect link for the user and ``toolkit``; then ``link.wait_for_connection()``."""
        return SessionLink(self._call("tool_router.link", toolkit=toolkit, callback_url=callback_url), self._native)

    def toolkits(
        self, *, toolkits: Optional[Sequence[str]] = None, is_connected: Optional[bool] = None, search: Optional[str] = None
    ) -> list[ToolRouterToolkit]:
        """Every toolkit of the session (every page), each with the user's connection to it."""
        args = _args(session_id=self.id, toolkits=toolkits, is_connected=is_connected, search=search)
        return [*_SyncResource(self._native)._iter("tool_router.list_toolkits", ToolRouterToolkit, args)]

    def update(
        self,
        *,
        toolkits: Optional[ToolkitRule] = None,
        tools: Optional[Mapping[str, ToolkitRule]] = None,
        tags: Any = None,
        auth_configs: Optional[Mapping[str, str]] = None,
        connected_accounts: Optional[Mapping[str, Any]] = None,
        manage_connections: Union[bool, Mapping[str, Any], None] = None,
        workbench: Optional[Mapping[str, Any]] = None,
    ) -> Session:
        """Changes the session's configuration (the options given replace the session's); returns this session."""
        config = _config(
            toolkits=toolkits, tools=tools, tags=tags, auth_configs=auth_configs,
            connected_accounts=connected_accounts, manage_connections=manage_connections, workbench=workbench,
        )  # fmt: skip
        self._info = ToolRouterSession(self._call("tool_router.update_session", **config))
        return self

    def delete(self) -> DeletedToolRouterSession:
        """Deletes the session: its MCP URL and tools stop working."""
        return DeletedToolRouterSession(self._call("tool_router.delete_session"))


class AsyncSession(_SessionBase):
    """One end user's session (asyncio): the methods of ``Session`` as coroutines."""

    async def mcp(self) -> SessionMcp:
        """The session's MCP server (``Session.mcp``): a coroutine, since the key may come from an async function."""
        import asyncio  # here: importing asyncio costs every `import composio_rs`

        mcp = self._info.mcp
        headers = await asyncio.to_thread(_native.mcp_headers, self._native)
        return SessionMcp(mcp.type, mcp.url, dict(headers))

    @property
    def files(self) -> AsyncSessionFiles:
        return AsyncSessionFiles(self._native, self.id)

    async def _acall(self, operation: str, **args: Any) -> Any:
        return await self._native.call_async(operation, _args(session_id=self.id, **args))

    async def toolset(
        self,
        *,
        format: "_agent.Format" = "openai",
        strict: bool = False,
        max_concurrency: Optional[int] = None,
        timeout: Optional[float] = None,
        modifiers: Optional[Sequence["_agent.Modifier"]] = None,
        custom_tools: Optional[Sequence[Any]] = None,
    ) -> "_agent.AsyncToolset":
        """The session's meta tools in ``format``; ``await handle`` runs the model's calls in the session."""
        from . import _agent

        options = _toolset_options(format=format, strict=strict, max_concurrency=max_concurrency, timeout=timeout)
        return await _agent.build_async_toolset(
            self._native, modifiers, custom_tools, user_id=self.user_id, session_id=self.id, **options
        )

    async def execute(self, tool_slug: str, arguments: Optional[Mapping[str, Any]] = None) -> ToolRouterExecution:
        return ToolRouterExecution(await self._acall("tool_router.execute", tool_slug=tool_slug, arguments=arguments))

    async def execute_meta(self, slug: str, arguments: Optional[Mapping[str, Any]] = None) -> ToolRouterExecution:
        return ToolRouterExecution(await self._acall("tool_router.execute_meta", slug=slug, arguments=arguments))

    async def search(
        self, queries: Sequence[Mapping[str, Any]], *, model: Optional[str] = None, search_strategy: Optional[str] = None
    ) -> ToolRouterSearch:
        args = {"queries": list(queries), "model": model, "search_strategy": search_strategy}
        return ToolRouterSearch(await self._acall("tool_router.search", **args))

    async def proxy_execute(
        self, toolkit_slug: str, endpoint: str, method: str = "GET", *, body: Any = None, parameters: Any = None
    ) -> ToolRouterProxyResult:
        args = {"toolkit_slug": toolkit_slug, "endpoint": endpoint, "method": method, "body": body, "parameters": parameters}
        return ToolRouterProxyResult(await self._acall("tool_router.proxy_execute", **args))

    async def authorize(self, toolkit: str, *, callback_url: Optional[str] = None) -> AsyncSessionLink:
        link = await self._acall("tool_router.link", toolkit=toolkit, callback_url=callback_url)
        return AsyncSessionLink(link, self._native)

    async def toolkits(
        self, *, toolkits: Optional[Sequence[str]] = None, is_connected: Optional[bool] = None, search: Optional[str] = None
    ) -> list[ToolRouterToolkit]:
        args = _args(session_id=self.id, toolkits=toolkits, is_connected=is_connected, search=search)
        pager = _AsyncResource(self._native)._iter("tool_router.list_toolkits", ToolRouterToolkit, args)
        return [toolkit async for toolkit in pager]

    async def update(
        self,
        *,
        toolkits: Optional[ToolkitRule] = None,
        tools: Optional[Mapping[str, ToolkitRule]] = None,
        tags: Any = None,
        auth_configs: Optional[Mapping[str, str]] = None,
        connected_accounts: Optional[Mapping[str, Any]] = None,
        manage_connections: Union[bool, Mapping[str, Any], None] = None,
        workbench: Optional[Mapping[str, Any]] = None,
    ) -> AsyncSession:
        config = _config(
            toolkits=toolkits, tools=tools, tags=tags, auth_configs=auth_configs,
            connected_accounts=connected_accounts, manage_connections=manage_connections, workbench=workbench,
        )  # fmt: skip
        self._info = ToolRouterSession(await self._acall("tool_router.update_session", **config))
        return self

    async def delete(self) -> DeletedToolRouterSession:
        return DeletedToolRouterSession(await self._acall("tool_router.delete_session"))


class Sessions:
    """``client.sessions``: a session per end user (the tool router)."""

    def __init__(self, native: NativeClient) -> None:
        self._native = native

    def create(
        self,
        user_id: str,
        *,
        toolkits: Optional[ToolkitRule] = None,
        tools: Optional[Mapping[str, ToolkitRule]] = None,
        tags: Any = None,
        auth_configs: Optional[Mapping[str, str]] = None,
        connected_accounts: Optional[Mapping[str, Any]] = None,
        manage_connections: Union[bool, Mapping[str, Any], None] = None,
        workbench: Optional[Mapping[str, Any]] = None,
    ) -> Session:
        """A session for ``user_id``. ``toolkits``: the ones enabled (a list) or ``{"enable"|"disable": [...]}``;
        ``tools``: per toolkit, a list of slugs or a rule; ``auth_configs`` / ``connected_accounts``: per
        toolkit, the one to use; ``manage_connections``: whether the model may start connections (a bool or
        ``{"enable", "callback_url"}``)."""
        config = _config(
            user_id=user_id, toolkits=toolkits, tools=tools, tags=tags, auth_configs=auth_configs,
            connected_accounts=connected_accounts, manage_connections=manage_connections, workbench=workbench,
        )  # fmt: skip
        return Session(self._native, ToolRouterSession(self._native.call("tool_router.create_session", config)))

    def get(self, session_id: str) -> Session:
        """A session made before, by id."""
        info = self._native.call("tool_router.get_session", {"session_id": session_id})
        return Session(self._native, ToolRouterSession(info))


class AsyncSessions:
    """``client.sessions`` of ``AsyncComposio``: the methods of ``Sessions`` as coroutines."""

    def __init__(self, native: NativeClient) -> None:
        self._native = native

    async def create(
        self,
        user_id: str,
        *,
        toolkits: Optional[ToolkitRule] = None,
        tools: Optional[Mapping[str, ToolkitRule]] = None,
        tags: Any = None,
        auth_configs: Optional[Mapping[str, str]] = None,
        connected_accounts: Optional[Mapping[str, Any]] = None,
        manage_connections: Union[bool, Mapping[str, Any], None] = None,
        workbench: Optional[Mapping[str, Any]] = None,
    ) -> AsyncSession:
        config = _config(
            user_id=user_id, toolkits=toolkits, tools=tools, tags=tags, auth_configs=auth_configs,
            connected_accounts=connected_accounts, manage_connections=manage_connections, workbench=workbench,
        )  # fmt: skip
        info = await self._native.call_async("tool_router.create_session", config)
        return AsyncSession(self._native, ToolRouterSession(info))

    async def get(self, session_id: str) -> AsyncSession:
        info = await self._native.call_async("tool_router.get_session", {"session_id": session_id})
        return AsyncSession(self._native, ToolRouterSession(info))
