"""A program using the whole public surface; `mypy --strict` must accept it (run by scripts/test-python.sh)."""

from __future__ import annotations

import asyncio
from typing import Optional

from composio_rs import (
    AsyncComposio,
    Composio,
    ComposioError,
    NotFoundError,
    Page,
    ProjectDetails,
    RateLimitError,
    Tool,
    ToolExecution,
)


def blocking(client: Composio) -> None:
    page: Page[Tool] = client.tools.list(toolkit_slug="github", tags=["important"], limit=10)
    cursor: Optional[str] = page.next_cursor
    for tool in client.tools.iter(toolkit_slug="github", search="issue"):
        name: str = tool.toolkit.name
        schema = tool.input_parameters.get("properties", {})
        print(tool.slug, name, schema, cursor)
    tool = client.tools.get("GITHUB_CREATE_ISSUE", version="latest")
    run: ToolExecution = client.tools.execute(tool.slug, arguments={"title": "x"}, user_id="u")
    print(run.successful, run.data, run.error)
    print(client.toolkits.get("github").meta, [t.slug for t in client.toolkits.iter(limit=50)])
    created = client.projects.create("proj-1", should_create_api_key=True, config={"display_name": "P"})
    details: ProjectDetails = client.projects.get(created.id)
    keys = [k.key for k in details.api_keys]
    print(keys, [p.name for p in client.projects.list(limit=5)], [p.id for p in client.projects.iter()])
    fresh = client.projects.regenerate_api_key(created.id).api_key.key
    tenant = client.with_api_key(fresh).with_options(timeout=10.0, max_retries=1, auth_scheme="bearer")
    settings = tenant.project_settings.update(log_visibility_setting="dont_store_data", is_2FA_enabled=True)
    print(settings.log_visibility_setting, tenant.project_settings.get().to_dict())
    print(client.projects.delete(created.id).status, client.request("GET", "/api/v3.1/tools", query={"limit": 1}))
    client.set_api_key(fresh)
    client.set_api_key(lambda: fresh)
    print(client.connected_accounts.wait_for_connection("ca_1", timeout=30.5).status)
    try:
        client.tools.get("NOPE")
    except NotFoundError as e:
        print(e.status_code, e.slug, e.request_id, e.suggested_fix)
    except RateLimitError as e:
        print(e.retry_after)
    except ComposioError as e:
        print(e.kind, e.message)


async def non_blocking(client: AsyncComposio) -> None:
    page: Page[Tool] = await client.tools.list(limit=5)
    print([t.slug async for t in client.tools.iter(toolkit_slug="slack")], page.total_items)
    run = await client.tools.execute("SLACK_SEND_MESSAGE", text="hello")
    details = await client.projects.get("proj_x")
    settings = await client.project_settings.update(display_name="x")
    print(run.successful, details.api_keys, settings.display_name, await client.request("GET", "/api/v3.1/toolkits"))
    print([p async for p in client.projects.iter(limit=2)], [t async for t in client.toolkits.iter()])


if __name__ == "__main__":
    blocking(Composio())
    asyncio.run(non_blocking(AsyncComposio()))
