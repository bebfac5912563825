"""A short smoke test of the uniffi layer through uniffi's own Python output (ctypes only).

Usage: python3 python_smoke.py <dir with the generated modules and libcomposio_uniffi.so>
(scripts/gen-uniffi.sh writes that directory to target/uniffi-python). Starts the emulator binary
that sits beside the library's build directory, runs a call in each form, and checks an error.
"""

import asyncio
import json
import os
import subprocess
import sys

here = os.path.abspath(sys.argv[1])
sys.path.insert(0, here)
from uniffi_composio import composio, composio_client  # noqa: E402  (records; client)

emulator = os.path.join(here, "..", "x86_64-unknown-linux-gnu", "debug", "composio-emulator")
proc = subprocess.Popen([emulator, "--port", "0"], stdout=subprocess.PIPE, text=True)
try:
    info = json.loads(proc.stdout.readline())
    client = composio_client.Composio(
        composio_client.ComposioConfig(api_key=info["api_key"], org_api_key=info["org_api_key"], base_url=info["base_url"])
    )
    page = client.tools().list_blocking(composio.ToolListParams(toolkit_slug="github", limit=3))
    assert len(page.items) == 3 and page.next_cursor, page
    tool = asyncio.run(client.tools().get("GITHUB_CREATE_ISSUE"))
    assert json.loads(tool.input_parameters)["type"] == "object"
    try:
        client.tools().get_blocking("GMAIL_X")
        raise AssertionError("expected NotFound")
    except composio_client.ComposioError.NotFound as e:
        # (in Python the variant's fields shadow the base accessors of the same name)
        assert e.kind() == "not_found" and e.status == 404 and e.slug == "Tool_ToolNotFound", e
    pager = client.toolkits().iter(composio.ToolkitListParams(limit=5))
    seen = 0
    while (p := pager.next_blocking()) is not None:
        seen += len(p.items)
    assert seen == 13, seen
    assert info["api_key"] not in repr(client) and info["api_key"] not in str(client)
    print("uniffi python smoke test: ok")
finally:
    proc.kill()
