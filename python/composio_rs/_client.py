"""``Composio``, the blocking client (``AsyncComposio``, the asyncio one, is in ``_async_client``: importing
the package does not import it, nor asyncio's resources, until it is used).

Every method converts its keyword arguments to one native call; argument checks, retries, timeouts,
pagination and errors all happen in the Rust core.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal, Mapping, Optional, Sequence, Union

from ._native import NativeClient
from ._options import AuthScheme, Files, Key, PathLike, _ClientOptions
from ._resource_base import _args
from ._resources import _SyncGroups

if TYPE_CHECKING:
    from . import _agent
    from ._sessions import Sessions

Credential = Literal["project", "org", "user", "project_or_user", "none"]


def _file_options(
    files: Optional[Files], upload_dirs: Optional[Sequence[PathLike]], download_dir: Optional[PathLike]
) -> dict[str, Any]:
    """The file settings in the core's JSON form (paths as text); only the ones given."""
    options: dict[str, Any] = {}
    if files is not None:
        options["files"] = files
    if upload_dirs is not None:
        options["upload_dirs"] = [os.fspath(d) for d in upload_dirs]
    if download_dir is not None:
        options["download_dir"] = os.fspath(download_dir)
    return options


class _Base(_ClientOptions):
    _native: NativeClient

    def _configure(
        self,
        options: dict[str, Any],
        files: Optional[Files],
        upload_dirs: Optional[Sequence[PathLike]],
        download_dir: Optional[PathLike],
    ) -> None:
        headers = options.get("default_headers")
        if headers is not None:
            options["default_headers"] = dict(headers)
        native = NativeClient(options)
        file_options = _file_options(files, upload_dirs, download_dir)
        self._attach(native.with_files(file_options) if file_options else native)

    def _attach(self, native: NativeClient) -> None:
        self._native = native

    @property
    def base_url(self) -> str:
        return self._native.base_url

    def set_api_key(self, api_key: Key) -> None:
        """Rotates the project key (or its function) of this client and the clients derived with ``with_options``."""
        self._native.set_api_key(api_key)

    def set_org_api_key(self, org_api_key: Key) -> None:
        self._native.set_org_api_key(org_api_key)

    def set_user_api_key(self, user_api_key: Key) -> None:
        self._native.set_user_api_key(user_api_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._native!r})"

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} holds credentials and cannot be pickled")


class Composio(_SyncGroups, _Base):
    """The blocking client. Calls release the GIL and can be interrupted with Ctrl-C; one client may be
    shared by many threads. Its resources (``tools``, ``projects``, …) are generated from the operation table."""

    _sessions: Optional[Sessions] = None

    def _attach(self, native: NativeClient) -> None:
        self._native = native
        self._attach_groups(native)

    @property
    def sessions(self) -> Sessions:
        """Tool router sessions (``sessions.create(user_id, toolkits=...)``); imported on first use."""
        if self._sessions is None:
            from ._sessions import Sessions

            self._sessions = Sessions(self._native)
        return self._sessions

    @classmethod
    def _wrap(cls, native: NativeClient) -> Composio:
        client = cls.__new__(cls)
        client._attach(native)
        return client

    def with_api_key(self, api_key: str) -> Composio:
        """A client for another project that shares this one's connection pool."""
        return Composio._wrap(self._native.with_api_key(api_key))

    def with_options(
        self,
        *,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        auth_scheme: Optional[AuthScheme] = None,
    ) -> Composio:
        return Composio._wrap(self._native.with_options(timeout, max_retries, auth_scheme))

    def request(
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
        return self._native.call("request", args)

    def toolset(
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
    ) -> "_agent.Toolset":
        """The tools of ``toolkits`` (filtered by ``search``, ``tags``, ``scopes``), and ``tools`` by slug, for
        ``user_id``, in a model API's ``format`` (``openai``, ``openai_responses``, ``anthropic``, ``gemini``,
        ``mcp``): every page, nothing truncated unless ``limit`` says so. ``strict`` is OpenAI's strict mode,
        at every depth. ``timeout`` (seconds) bounds each call; ``max_concurrency`` (default 8) how many calls of
        one response run at once. ``modifiers`` and ``custom_tools``: see ``before_execute`` and ``custom_tool``.
        ``files``, ``upload_dirs``, ``download_dir``: as on the client, which they override."""
        from . import _agent

        return _agent.build_toolset(
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
