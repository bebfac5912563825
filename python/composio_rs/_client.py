"""``Composio`` (blocking) and ``AsyncComposio`` (asyncio): the same resources and methods.

Every method converts its keyword arguments to one native call; argument checks, retries, timeouts,
pagination and errors all happen in the Rust core.
"""

from __future__ import annotations

from typing import Any, Iterator, Literal, Mapping, Optional, Sequence, TypeVar, Union

from ._models import (
    CreatedProject,
    DeletedProject,
    Model,
    Page,
    Project,
    ProjectDetails,
    ProjectSettings,
    RegeneratedApiKey,
    Tool,
    ToolExecution,
    Toolkit,
)
from ._native import NativeClient

AuthScheme = Literal["x-api-key", "bearer"]
Credential = Literal["project", "org", "none"]
LogVisibility = Literal["show_all", "dont_store_data"]
M = TypeVar("M", bound=Model)


def _args(**kwargs: Any) -> dict[str, Any]:
    """Keyword arguments without the ones left at None (None means "not sent")."""
    return {k: v for k, v in kwargs.items() if v is not None}


def _native_client(
    api_key: Optional[str],
    org_api_key: Optional[str],
    base_url: Optional[str],
    auth_scheme: Optional[AuthScheme],
    timeout: Optional[float],
    connect_timeout: Optional[float],
    max_retries: Optional[int],
    default_headers: Optional[Mapping[str, str]],
) -> NativeClient:
    return NativeClient(
        api_key=api_key,
        org_api_key=org_api_key,
        base_url=base_url,
        auth_scheme=auth_scheme,
        timeout=timeout,
        connect_timeout=connect_timeout,
        max_retries=max_retries,
        default_headers=list(default_headers.items()) if default_headers else None,
    )


class _Base:
    _native: NativeClient

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        org_api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        auth_scheme: Optional[AuthScheme] = None,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        """Arguments left as None come from ``COMPOSIO_API_KEY``, ``COMPOSIO_ORG_API_KEY`` and
        ``COMPOSIO_BASE_URL``, else the defaults (https://backend.composio.dev, 60 s per attempt,
        5 s to connect, 2 retries, ``x-api-key``)."""
        self._attach(
            _native_client(
                api_key, org_api_key, base_url, auth_scheme, timeout, connect_timeout, max_retries, default_headers
            )
        )

    def _attach(self, native: NativeClient) -> None:
        self._native = native

    @property
    def base_url(self) -> str:
        return self._native.base_url

    def set_api_key(self, api_key: str) -> None:
        """Rotates the project key of this client (and the clients derived with ``with_options``)."""
        self._native.set_api_key(api_key)

    def set_org_api_key(self, org_api_key: str) -> None:
        self._native.set_org_api_key(org_api_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._native!r})"

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} holds credentials and cannot be pickled")


# ---------------------------------------------------------------------------------------------- blocking


class Composio(_Base):
    """The blocking client. Calls release the GIL and can be interrupted with Ctrl-C; one client may be
    shared by many threads."""

    tools: Tools
    toolkits: Toolkits
    projects: Projects
    project_settings: ProjectSettingsResource

    def _attach(self, native: NativeClient) -> None:
        self._native = native
        self.tools = Tools(native)
        self.toolkits = Toolkits(native)
        self.projects = Projects(native)
        self.project_settings = ProjectSettingsResource(native)

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


class Tools(_SyncResource):
    def list(
        self,
        *,
        toolkit_slug: Optional[str] = None,
        tool_slugs: Optional[Sequence[str]] = None,
        tags: Optional[Sequence[str]] = None,
        search: Optional[str] = None,
        important: Optional[bool] = None,
        include_deprecated: Optional[bool] = None,
        toolkit_versions: Optional[str] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> Page[Tool]:
        """One page of tools (``limit`` 1..1000, the server's default is 20)."""
        args = _args(
            toolkit_slug=toolkit_slug, tool_slugs=tool_slugs, tags=tags, search=search, important=important,
            include_deprecated=include_deprecated, toolkit_versions=toolkit_versions, limit=limit, cursor=cursor,
        )  # fmt: skip
        return self._page("tools.list", Tool, args)

    def iter(
        self,
        *,
        toolkit_slug: Optional[str] = None,
        tool_slugs: Optional[Sequence[str]] = None,
        tags: Optional[Sequence[str]] = None,
        search: Optional[str] = None,
        important: Optional[bool] = None,
        include_deprecated: Optional[bool] = None,
        toolkit_versions: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> Iterator[Tool]:
        """Every matching tool, page after page; each page is fetched when it is reached."""
        args = _args(
            toolkit_slug=toolkit_slug, tool_slugs=tool_slugs, tags=tags, search=search, important=important,
            include_deprecated=include_deprecated, toolkit_versions=toolkit_versions, limit=limit,
        )  # fmt: skip
        return self._iter("tools.list", Tool, args)

    def get(self, slug: str, *, version: Optional[str] = None) -> Tool:
        return Tool(self._native.call("tools.get", _args(slug=slug, version=version)))

    def execute(
        self,
        slug: str,
        *,
        arguments: Optional[Mapping[str, Any]] = None,
        text: Optional[str] = None,
        user_id: Optional[str] = None,
        connected_account_id: Optional[str] = None,
        version: Optional[str] = None,
    ) -> ToolExecution:
        """Runs a tool. Never retried once the request was sent (it is not idempotent)."""
        args = _args(
            slug=slug, arguments=arguments, text=text, user_id=user_id,
            connected_account_id=connected_account_id, version=version,
        )  # fmt: skip
        return ToolExecution(self._native.call("tools.execute", args))


class Toolkits(_SyncResource):
    def list(
        self,
        *,
        category: Optional[str] = None,
        search: Optional[str] = None,
        managed_by: Optional[str] = None,
        sort_by: Optional[str] = None,
        include_deprecated: Optional[bool] = None,
        limit: Optional[int] = None,
        cursor: Optional[str] = None,
    ) -> Page[Toolkit]:
        args = _args(
            category=category, search=search, managed_by=managed_by, sort_by=sort_by,
            include_deprecated=include_deprecated, limit=limit, cursor=cursor,
        )  # fmt: skip
        return self._page("toolkits.list", Toolkit, args)

    def iter(
        self,
        *,
        category: Optional[str] = None,
        search: Optional[str] = None,
        managed_by: Optional[str] = None,
        sort_by: Optional[str] = None,
        include_deprecated: Optional[bool] = None,
        limit: Optional[int] = None,
    ) -> Iterator[Toolkit]:
        args = _args(
            category=category, search=search, managed_by=managed_by, sort_by=sort_by,
            include_deprecated=include_deprecated, limit=limit,
        )  # fmt: skip
        return self._iter("toolkits.list", Toolkit, args)

    def get(self, slug: str) -> Toolkit:
        return Toolkit(self._native.call("toolkits.get", {"slug": slug}))


class Projects(_SyncResource):
    """The organization's projects (needs the organization API key)."""

    def create(
        self, name: str, *, should_create_api_key: bool = False, config: Optional[Mapping[str, Any]] = None
    ) -> CreatedProject:
        args = _args(name=name, should_create_api_key=should_create_api_key, config=config)
        return CreatedProject(self._native.call("projects.create", args))

    def list(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Project]:
        """Newest first."""
        return self._page("projects.list", Project, _args(limit=limit, cursor=cursor))

    def iter(self, *, limit: Optional[int] = None) -> Iterator[Project]:
        return self._iter("projects.list", Project, _args(limit=limit))

    def get(self, project_id: str) -> ProjectDetails:
        return ProjectDetails(self._native.call("projects.get", {"project_id": project_id}))

    def delete(self, project_id: str) -> DeletedProject:
        return DeletedProject(self._native.call("projects.delete", {"project_id": project_id}))

    def regenerate_api_key(self, project_id: str) -> RegeneratedApiKey:
        return RegeneratedApiKey(self._native.call("projects.regenerate_api_key", {"project_id": project_id}))


class ProjectSettingsResource(_SyncResource):
    """The configuration of the project the API key belongs to."""

    def get(self) -> ProjectSettings:
        return ProjectSettings(self._native.call("project_settings.get"))

    def update(
        self,
        *,
        is_2FA_enabled: Optional[bool] = None,
        mask_secret_keys_in_connected_account: Optional[bool] = None,
        log_visibility_setting: Optional[LogVisibility] = None,
        logo_url: Optional[str] = None,
        display_name: Optional[str] = None,
        require_mcp_api_key: Optional[bool] = None,
    ) -> ProjectSettings:
        """Merges the given fields and returns the whole configuration."""
        args = _args(
            is_2FA_enabled=is_2FA_enabled, mask_secret_keys_in_connected_account=mask_secret_keys_in_connected_account,
            log_visibility_setting=log_visibility_setting, logo_url=logo_url, display_name=display_name,
            require_mcp_api_key=require_mcp_api_key,
        )  # fmt: skip
        return ProjectSettings(self._native.call("project_settings.update", args))
