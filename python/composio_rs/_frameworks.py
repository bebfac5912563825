"""Framework tools over a toolset: LangChain ``StructuredTool``s and OpenAI Agents SDK ``FunctionTool``s, each
taking the tool's JSON Schema as it is (no pydantic model is generated) and running through the toolset, so
modifiers, strict mode and errors-as-results apply."""

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


def _strict(definition: dict[str, Any], fmt: str) -> bool:
    source = definition.get("function", definition) if fmt == "openai" else definition
    return bool(source.get("strict"))


def openai_agents_tools(toolset: Union[Toolset, AsyncToolset]) -> list[Any]:
    try:
        from agents import FunctionTool
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("ts.openai_agents() needs the OpenAI Agents SDK: pip install openai-agents") from e
    import asyncio

    from ._agent import AsyncToolset

    fmt = toolset.format
    if fmt not in _SCHEMA_KEY:
        raise ValueError(f"the OpenAI Agents SDK takes JSON Schema: build the toolset with format='openai' (not {fmt!r})")
    tools = []
    for info, definition in zip(toolset.tools, toolset.definitions):
        name = str(info["name"])

        async def invoke(_context: Any, arguments: str, _name: str = name) -> str:
            # The model's JSON text goes in as it came: invalid JSON is the call's result, not an exception.
            if isinstance(toolset, AsyncToolset):
                result = await toolset.execute(_name, arguments)
            else:
                result = await asyncio.to_thread(toolset.execute, _name, arguments)
            return json.dumps(result)

        tools.append(FunctionTool(name=name, description=_description(definition, fmt),
                                  params_json_schema=_schema(definition, fmt), on_invoke_tool=invoke,
                                  strict_json_schema=_strict(definition, fmt)))
    return tools
