"""Every operation in both forms, pagination, keys, retries and the client's own surface."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from conftest import Emulator, unique

import composio_rs


def test_every_operation_blocking(emu: Emulator, client: composio_rs.Composio) -> None:
    page = client.tools.list(toolkit_slug="github", limit=3)
    assert len(page) == 3 and page.next_cursor and page.current_page == 1
    tool = client.tools.get(page.items[0].slug)
    assert tool == page.items[0] and tool.toolkit.slug == "github"
    result = client.tools.execute("GITHUB_CREATE_ISSUE", arguments={"owner": "o", "repo": "r", "title": "t"})
    assert result.successful and result.error is None
    assert client.toolkits.get("github").slug == "github"
    assert len(client.toolkits.list(limit=2)) == 2
    created = client.projects.create(unique("py"), should_create_api_key=True)
    assert created.api_key and created.api_key.startswith("ak_")
    details = client.projects.get(created.id)
    assert details.api_keys[0].key == created.api_key
    assert created.id in [p.id for p in client.projects.iter(limit=2)]
    fresh = client.projects.regenerate_api_key(created.id)
    assert fresh.api_key.key != created.api_key
    tenant = client.with_api_key(fresh.api_key.key)
    assert tenant.project_settings.update(display_name="Py").display_name == "Py"
    assert tenant.project_settings.get().display_name == "Py"
    assert client.projects.delete(created.id).status == "success"
    with pytest.raises(composio_rs.AuthenticationError):
        tenant.project_settings.get()
    raw = client.request("GET", "/api/v3.1/tools", query={"limit": 2, "toolkit_slug": "slack"})
    assert len(raw["items"]) == 2


def test_every_operation_async(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    async def run() -> None:
        page = await aclient.tools.list(toolkit_slug="github", limit=3)
        assert len(page) == 3
        tool = await aclient.tools.get(page.items[0].slug)
        assert tool == page.items[0]
        result = await aclient.tools.execute("GITHUB_CREATE_ISSUE", text="open an issue")
        assert result.successful
        assert (await aclient.toolkits.get("slack")).slug == "slack"
        assert len(await aclient.toolkits.list(limit=2)) == 2
        created = await aclient.projects.create(unique("apy"), should_create_api_key=True)
        assert (await aclient.projects.get(created.id)).name == created.name
        assert created.id in [p.id async for p in aclient.projects.iter(limit=2)]
        fresh = await aclient.projects.regenerate_api_key(created.id)
        tenant = aclient.with_api_key(fresh.api_key.key)
        assert (await tenant.project_settings.update(is_2FA_enabled=True)).is_2FA_enabled is True
        assert (await tenant.project_settings.get()).is_2FA_enabled is True
        assert (await aclient.projects.delete(created.id)).status == "success"
        raw = await aclient.request("GET", "/api/v3.1/toolkits", query={"limit": 1})
        assert len(raw["items"]) == 1

    asyncio.run(run())


def test_iter_walks_every_page_lazily(emu: Emulator, client: composio_rs.Composio) -> None:
    total = client.tools.list(toolkit_slug="github", limit=1).total_items
    emu.reset()
    tools = client.tools.iter(toolkit_slug="github", limit=100)
    first = next(tools)
    assert emu.count("GET /api/v3.1/tools") == 1
    slugs = [first.slug] + [t.slug for t in tools]
    assert len(slugs) == total == len(set(slugs))
    assert emu.count("GET /api/v3.1/tools") == (total + 99) // 100


def test_async_iter_walks_every_page(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    async def run() -> list[str]:
        return [t.slug async for t in aclient.tools.iter(toolkit_slug="gmail", limit=7)]

    slugs = asyncio.run(run())
    assert len(slugs) == composio_rs.Composio(**emu.client_kwargs()).tools.list(toolkit_slug="gmail").total_items


def test_thousand_tools_in_one_page(client: composio_rs.Composio) -> None:
    page = client.tools.list(limit=1000)
    assert len(page) == 1000
    assert isinstance(page.items[0].input_parameters["properties"], dict)


def test_retries_are_counted_by_the_emulator(emu: Emulator, client: composio_rs.Composio) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 2, "status": 503, "retry_after_ms": "1"})
    client.tools.list()
    assert emu.count("GET /api/v3.1/tools") == 3
    emu.reset()
    emu.fault({"path": "/api/v3.1/tools", "count": 5, "status": 503, "retry_after_ms": "1"})
    with pytest.raises(composio_rs.InternalServerError):
        client.with_options(max_retries=4).tools.list()
    assert emu.count("GET /api/v3.1/tools") == 5


def test_key_rotation_on_a_live_client(emu: Emulator, client: composio_rs.Composio) -> None:
    assert client.project_settings.get().display_name == "default"
    client.set_api_key(emu.other_api_key)
    assert client.project_settings.get().display_name == "other-default"


def test_a_key_function_is_called_once_per_call_and_rotates(emu: Emulator) -> None:
    keys = [emu.api_key]
    calls = []

    def current_key() -> str:
        calls.append(1)
        return keys[-1]

    client = composio_rs.Composio(**emu.client_kwargs(api_key=current_key))
    assert client.project_settings.get().display_name == "default"
    keys.append(emu.other_api_key)
    assert client.project_settings.get().display_name == "other-default"
    assert len(calls) == 2
    assert "provider" in repr(client) and emu.api_key not in repr(client)


def test_a_key_function_that_raises_fails_the_call_before_any_request(emu: Emulator) -> None:
    def sealed() -> str:
        raise RuntimeError("the vault is sealed")

    client = composio_rs.Composio(**emu.client_kwargs(api_key=sealed, max_retries=0))
    emu.reset()
    with pytest.raises(composio_rs.ConfigurationError, match="RuntimeError: the vault is sealed"):
        client.tools.list(limit=1)
    assert emu.count("GET /api/v3.1/tools") == 0


def test_a_key_function_must_return_a_str(emu: Emulator) -> None:
    client = composio_rs.Composio(**emu.client_kwargs(api_key=lambda: 42))
    with pytest.raises(composio_rs.ConfigurationError, match="must return a str, got int"):
        client.tools.list(limit=1)
    with pytest.raises(composio_rs.ConfigurationError, match="a str or a callable"):
        composio_rs.Composio(**emu.client_kwargs(api_key=42))


def test_a_key_function_serves_the_async_client_and_set_api_key_takes_one(emu: Emulator) -> None:
    client = composio_rs.AsyncComposio(**emu.client_kwargs(api_key=lambda: emu.api_key))

    async def run() -> None:
        assert (await client.project_settings.get()).display_name == "default"
        client.set_api_key(lambda: emu.other_api_key)
        assert (await client.project_settings.get()).display_name == "other-default"

    asyncio.run(run())


def test_bearer_scheme(emu: Emulator) -> None:
    client = composio_rs.Composio(**emu.client_kwargs(auth_scheme="bearer"))
    client.project_settings.get()
    sent = [r for r in emu.requests() if r["path"] == "/api/v3/org/project/config"][-1]
    assert sent["headers"]["authorization"] == "Bearer ak_***" and "x-api-key" not in sent["headers"]


def test_env_vars_are_the_defaults(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPOSIO_API_KEY", emu.api_key)
    monkeypatch.setenv("COMPOSIO_ORG_API_KEY", emu.org_api_key)
    monkeypatch.setenv("COMPOSIO_BASE_URL", emu.base_url)
    client = composio_rs.Composio()
    assert client.project_settings.get().display_name == "default"
    assert client.projects.list().total_items >= 1
    monkeypatch.delenv("COMPOSIO_API_KEY")
    with pytest.raises(composio_rs.ConfigurationError, match="COMPOSIO_API_KEY"):
        composio_rs.Composio().tools.list()


def test_models_are_typed_read_only_and_keep_unknown_fields(emu: Emulator, client: composio_rs.Composio) -> None:
    body = '{"items": [{"slug": "NEW", "name": "New", "brand_new": {"x": 1}}], "next_cursor": null, "total_items": 1}'
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "status": 200, "body": body})
    tool = client.tools.list().items[0]
    assert tool.slug == "NEW" and tool["brand_new"] == {"x": 1} and tool.to_dict()["brand_new"] == {"x": 1}
    assert repr(tool) == "Tool(slug='NEW', name='New', version='')"
    with pytest.raises(AttributeError):
        tool.slug = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = tool.no_such_field


def test_unknown_keyword_is_a_configuration_error(client: composio_rs.Composio) -> None:
    with pytest.raises(TypeError):
        client.tools.list(toolkit="github")  # type: ignore[call-arg]
    with pytest.raises(composio_rs.ConfigurationError, match="limit"):
        client.tools.list(limit=5000)
    with pytest.raises(composio_rs.ConfigurationError):
        client.tools.execute("X", arguments={}, text="both")


def test_bad_arguments_never_crash(client: composio_rs.Composio) -> None:
    bad: list[Any] = [
        lambda: client.tools.get(""),
        lambda: client.tools.execute("X", arguments={"f": float("nan")}),
        lambda: client.tools.execute("X", arguments={1: "non-str key"}),
        lambda: client.tools.execute("X", arguments={"o": object()}),
        lambda: client.projects.create("x" * 80),
        lambda: composio_rs.Composio(api_key="ak_bad key"),
        lambda: composio_rs.Composio(base_url="ftp://nope"),
        lambda: composio_rs.Composio(timeout=-1),
        lambda: composio_rs.Composio(auth_scheme="basic"),  # type: ignore[arg-type]
    ]
    for call in bad:
        with pytest.raises((composio_rs.ConfigurationError, TypeError)):
            call()


def test_json_fields_are_built_when_first_read_and_round_trip(client: composio_rs.Composio) -> None:
    import json
    import pickle

    page = client.tools.list(toolkit_slug="github", limit=3)
    tool = page.items[0]
    assert type(tool._data["input_parameters"]).__name__ == "RawJson"  # kept as text until read
    schema = tool.input_parameters
    assert isinstance(schema, dict) and schema["type"] == "object"
    assert tool._data["input_parameters"] is schema  # built once, then remembered
    assert isinstance(page.items[1]["output_parameters"], dict)
    copied = page.items[2].to_dict()
    assert isinstance(copied["input_parameters"], dict) and json.dumps(copied)
    again = client.tools.get(page.items[2].slug)
    assert again == page.items[2]
    assert pickle.loads(pickle.dumps(again)) == page.items[2]


def test_upload_takes_any_path_positionally(client: composio_rs.Composio, tmp_path: Any) -> None:
    """`files.upload(path)` reads an `os.PathLike` (here a `pathlib.Path`) as the path it is."""
    report = tmp_path / "report.txt"
    report.write_bytes(b"quarterly numbers\n")
    uploaded = client.files.upload(report, toolkit_slug="github", tool_slug="GITHUB_CREATE_ISSUE")
    assert uploaded.filename == "report.txt"
    assert uploaded.mimetype == "text/plain"


def test_a_numbered_page_says_which_page_is_next(client: composio_rs.Composio) -> None:
    for i in range(3):
        client.mcp.create_custom(f"numbered-{i}", toolkits=["github"])
    first = client.mcp.list(name="numbered-", page_no=1, limit=2)
    assert (len(first), first.next_cursor, first.next_page_no) == (2, None, 2)
    last = client.mcp.list(name="numbered-", page_no=2, limit=2)
    assert (len(last), last.next_page_no) == (1, None)
    # A cursor list's page numbers only count: its next page is the cursor.
    tools = client.tools.list(toolkit_slug="github", limit=5)
    assert tools.next_cursor is not None and tools.next_page_no is None


def test_client_options_are_checked_by_type_before_any_request(emu: Emulator) -> None:
    base: dict[str, Any] = {"api_key": emu.api_key, "base_url": emu.base_url}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"timeout": 0}, "timeout must be a positive number of seconds"),
        ({"connect_timeout": "5s"}, "connect_timeout must be a positive number of seconds"),
        ({"max_retries": -1}, "max_retries must be a whole number"),
        ({"default_headers": {"x-trace": 1}}, "default_headers must be text"),
        ({"auth_scheme": "basic"}, "unknown auth scheme"),
    ]
    for extra, message in cases:
        with pytest.raises(composio_rs.ConfigurationError, match=message):
            composio_rs.Composio(**base, **extra)
    with pytest.raises(TypeError, match="timout"):
        composio_rs.Composio(**base, timout=5)  # type: ignore[call-arg]
    assert composio_rs.Composio(**base, timeout=1.5, max_retries=0).base_url.rstrip("/") == emu.base_url
