"""The webhook vectors of tests/cases/webhooks.json, and the list of operations."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import ROOT

import composio_rs

VECTORS = json.loads((ROOT / "tests" / "cases" / "webhooks.json").read_text())


def contains(got: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and contains(got[k], v) for k, v in want.items())
    return bool(got == want)


@pytest.mark.parametrize("case", VECTORS, ids=[c["name"] for c in VECTORS])
def test_webhook_vector(case: dict[str, Any]) -> None:
    expect = case["expect"]
    try:
        event = composio_rs.verify_webhook(
            case["body"].encode(),
            case["headers"],
            case["secret"],
            tolerance=case.get("tolerance_seconds", 300),
            now=case["now"],
        )
    except composio_rs.WebhookVerificationError as e:
        assert "error" in expect, f"unexpected {e!r}"
        assert e.kind == expect["error"]
        assert e.slug == expect["slug"]
        assert expect.get("message_contains", "") in e.message
        assert case["secret"] not in str(e) and case["secret"] not in repr(e)
        return
    assert expect.get("ok"), f"expected {expect['error']}, got {event!r}"
    got = event.to_dict()
    for key, want in expect.items():
        if key != "ok":
            assert contains(got[key], want), key


def test_webhook_headers_as_pairs_and_body_as_text() -> None:
    case = VECTORS[0]
    event = composio_rs.verify_webhook(case["body"], list(case["headers"].items()), case["secret"], now=case["now"])
    assert event.metadata is not None and event.metadata.trigger_slug == "GITHUB_STAR_ADDED_EVENT"
    assert event.type == "composio.trigger.message"


def _spec_operations(name: str) -> set[str]:
    spec = json.loads((ROOT / "api" / name).read_text())
    return {
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def _normalized(key: str) -> str:
    """``METHOD /api/v3.1/a/{}/b``: a January key counts for the current API's same operation."""
    return re.sub(r"\{[^}]*\}", "{}", key.replace(" /api/v3/", " /api/v3.1/", 1))


def test_operations_cover_every_spec_operation() -> None:
    january, current = _spec_operations("openapi.json"), _spec_operations("openapi-current.json")
    assert (len(january), len(current)) == (60, 113)
    ours = {op["spec"] for op in composio_rs.operations()}
    assert january <= ours, sorted(january - ours)  # every operation of the January spec
    ours_normalized = {_normalized(k) for k in ours}
    assert {_normalized(k) for k in current} <= ours_normalized  # and of the current API
    assert ours <= january | current, sorted(ours - january - current)  # and nothing neither spec has
