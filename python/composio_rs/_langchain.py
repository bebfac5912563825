"""LangChain tools over a toolset: each ``StructuredTool`` takes the tool's JSON Schema as it is (no pydantic
model is generated) and runs through the toolset, so modifiers, strict mode and errors-as-results apply."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from ._agent import AsyncToolset, Toolset

_SCHEMA_KEY = {"openai": ("function", "parameters"), "openai_responses": ("parameters",),
               "anthropic": ("input_schema",), "mcp": ("inputSchema",)}


def _schema(definition: dict[str, Any], fmt: str) -> Any:
    value: Any = definition
    for key in _SCHEMA_KEY[fmt]:
        value = value[key]
    return value


def _description(definition: dict[str, Any], fmt: str) -> str:
    source = definition["function"] if fmt == "openai" else definition
    return str(source.get("description") or "")


def langchain_tools(toolset: Union[Toolset, AsyncToolset]) -> list[Any]:
    try:
        from langchain_core.tools import StructuredTool
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("ts.langchain() needs langchain-core: pip install langchain-core") from e
    fmt = toolset.format
    if fmt not in _SCHEMA_KEY:
        raise ValueError(f"LangChain takes JSON Schema: build the toolset with format='openai' (not {fmt!r})")
    from ._agent import AsyncToolset

    tools = []
    for info, definition in zip(toolset.tools, toolset.definitions):
        name = str(info["name"])
        if isinstance(toolset, AsyncToolset):
            async def arun(_name: str = name, **arguments: Any) -> str:
                return json.dumps(await toolset.execute(_name, arguments))

            tools.append(StructuredTool(name=name, description=_description(definition, fmt),
                                        args_schema=_schema(definition, fmt), coroutine=arun))
        else:
            def run(_name: str = name, **arguments: Any) -> str:
                return json.dumps(toolset.execute(_name, arguments))

            tools.append(StructuredTool(name=name, description=_description(definition, fmt),
                                        args_schema=_schema(definition, fmt), func=run))
    return tools
