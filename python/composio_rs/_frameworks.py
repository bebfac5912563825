"""Framework tools over a toolset: LangChain ``StructuredTool``s and OpenAI Agents SDK ``FunctionTool``s, each
taking the tool's JSON Schema as it is (no pydantic model is generated) and running through the toolset, so
modifiers, strict mode and errors-as-results apply. They read the core's ``json_schemas``, so a toolset of any
format feeds them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from ._agent import AsyncToolset, Toolset


def langchain_tools(toolset: Union[Toolset, AsyncToolset]) -> list[Any]:
    try:
        from langchain_core.tools import StructuredTool
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("ts.langchain() needs langchain-core: pip install langchain-core") from e
    from ._agent import AsyncToolset

    tools = []
    for spec in toolset.json_schemas:
        name, description, schema = spec["name"], spec["description"], spec["parameters"]
        if isinstance(toolset, AsyncToolset):
            async def arun(_name: str = name, **arguments: Any) -> str:
                return json.dumps(await toolset.execute(_name, arguments))

            tools.append(StructuredTool(name=name, description=description, args_schema=schema, coroutine=arun))
        else:
            def run(_name: str = name, **arguments: Any) -> str:
                return json.dumps(toolset.execute(_name, arguments))

            tools.append(StructuredTool(name=name, description=description, args_schema=schema, func=run))
    return tools


def openai_agents_tools(toolset: Union[Toolset, AsyncToolset]) -> list[Any]:
    try:
        from agents import FunctionTool
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("ts.openai_agents() needs the OpenAI Agents SDK: pip install openai-agents") from e
    import asyncio

    from ._agent import AsyncToolset

    tools = []
    for spec in toolset.json_schemas:
        name = str(spec["name"])

        async def invoke(_context: Any, arguments: str, _name: str = name) -> str:
            # The model's JSON text goes in as it came: invalid JSON is the call's result, not an exception.
            if isinstance(toolset, AsyncToolset):
                result = await toolset.execute(_name, arguments)
            else:
                result = await asyncio.to_thread(toolset.execute, _name, arguments)
            return json.dumps(result)

        tools.append(FunctionTool(name=name, description=spec["description"], params_json_schema=spec["parameters"],
                                  on_invoke_tool=invoke, strict_json_schema=spec["strict"]))
    return tools
