"""Toolsets: a user's Composio tools in a model API's format, and the running of the calls a model makes.

Everything that decides (which tools, the formats, strict mode, names, running calls, errors as results) is in
the Rust core; this module only turns Python values into JSON and back: provider SDK objects into dicts,
Python callables into the core's callbacks, typed functions into JSON Schema.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Optional, Sequence, Union

from . import _native

Format = Literal["openai", "openai_responses", "anthropic", "gemini", "mcp"]
ModifierKind = Literal["schema", "before_execute", "after_execute"]
ModifierFn = Callable[[str, Optional[str], dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Modifier:
    """A callback applied to the tools it names (by slug or toolkit; all tools when both are empty).

    ``schema``: ``fn(tool, toolkit, tool_dict) -> tool_dict`` while the toolset is built (its ``description``
    and ``input_parameters`` are what the model sees); ``before_execute``: ``fn(tool, toolkit, request) ->
    request`` with ``{arguments, user_id, connected_account_id}``; ``after_execute``: ``fn(tool, toolkit,
    result) -> result`` with ``{successful, data, error}``. An exception fails only that call, in words the
    model reads."""

    kind: ModifierKind
    fn: Callable[..., Any]
    tools: Sequence[str] = ()
    toolkits: Sequence[str] = ()


def _modifier(kind: ModifierKind) -> Callable[..., Any]:
    def make(
        fn: Optional[Callable[..., Any]] = None,
        *,
        tools: Sequence[str] = (),
        toolkits: Sequence[str] = (),
    ) -> Any:
        if fn is None:  # used as @before_execute(tools=[...])
            return lambda f: Modifier(kind, f, tuple(tools), tuple(toolkits))
        return Modifier(kind, fn, tuple(tools), tuple(toolkits))

    make.__name__ = kind
    make.__doc__ = f"A {kind} modifier: ``{kind}(fn, tools=[...], toolkits=[...])`` or as a decorator."
    return make


schema_modifier = _modifier("schema")
before_execute = _modifier("before_execute")
after_execute = _modifier("after_execute")


@dataclass
class ToolContext:
    """What a custom tool's function may ask for (a parameter annotated ``ToolContext``): the user, and for a
    tool bound to a toolkit the user's connected account and ``proxy`` to call the toolkit's API as them."""

    user_id: str
    connected_account_id: Optional[str]
    account: Optional[dict[str, Any]]
    _client: Any = field(repr=False, default=None)

    def proxy(self, endpoint: str, method: str = "GET", *, body: Any = None, **kwargs: Any) -> Any:
        """``tools.proxy`` with this user's account (blocking; in an async toolset it runs on a worker thread)."""
        native = self._client
        args = {"endpoint": endpoint, "method": method, "body": body, "connected_account_id": self.connected_account_id}
        args.update(kwargs)
        return native.call("tools.proxy", {k: v for k, v in args.items() if v is not None})


@dataclass(frozen=True)
class CustomTool:
    """A local function offered to the model beside Composio's tools; ``custom_tool`` makes one."""

    slug: str
    description: str
    input_schema: dict[str, Any]
    fn: Callable[..., Any]
    toolkit: Optional[str] = None


_JSON_TYPES: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object", list: "array"}


def _schema_of(annotation: Any) -> dict[str, Any]:
    import typing

    if annotation in _JSON_TYPES:
        return {"type": _JSON_TYPES[annotation]}
    if hasattr(annotation, "model_json_schema"):
        return dict(annotation.model_json_schema())
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (list, Sequence, tuple) and args:
        return {"type": "array", "items": _schema_of(args[0])}
    if origin in (list, tuple):
        return {"type": "array"}
    if origin in (dict, Mapping):
        return {"type": "object"}
    if origin is Union:
        options = [_schema_of(a) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        if type(None) in args:
            kind = schema.get("type")
            if isinstance(kind, str):
                schema = {**schema, "type": [kind, "null"]}
            else:
                schema = {"anyOf": [schema, {"type": "null"}]}
        return schema
    return {}


def _function_schema(fn: Callable[..., Any]) -> tuple[dict[str, Any], Optional[str], Optional[type]]:
    """The JSON Schema of a typed function's parameters, the parameter that takes the ToolContext, and the
    pydantic model when the function takes one model argument."""
    import typing

    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # a name the annotations use is not reachable from the function's module
        hints = {k: v for k, v in getattr(fn, "__annotations__", {}).items() if not isinstance(v, str)}
    properties: dict[str, Any] = {}
    required: list[str] = []
    context_param: Optional[str] = None
    params = [p for p in inspect.signature(fn).parameters.values()]
    for p in params:
        hint = hints.get(p.name, Any)
        if hint is ToolContext:
            context_param = p.name
            continue
        properties[p.name] = _schema_of(hint)
        if p.default is inspect.Parameter.empty:
            required.append(p.name)
        elif p.default is not None:
            properties[p.name]["default"] = p.default
    model_args = [p for p in params if p.name != context_param]
    if len(model_args) == 1 and hasattr(hints.get(model_args[0].name), "model_json_schema"):
        model = hints[model_args[0].name]
        return dict(model.model_json_schema()), context_param, model
    return {"type": "object", "properties": properties, "required": required}, context_param, None


def custom_tool(
    fn: Optional[Callable[..., Any]] = None,
    *,
    slug: Optional[str] = None,
    description: Optional[str] = None,
    input_schema: Union[Mapping[str, Any], type, None] = None,
    toolkit: Optional[str] = None,
) -> Any:
    """A custom tool from a typed function (its parameters become the schema, its docstring the description),
    a pydantic model (``input_schema=Model``, or one parameter of a model type), or a JSON Schema dict.
    Usable as ``@custom_tool`` or ``@custom_tool(toolkit="github")``. A parameter annotated ``ToolContext``
    receives the user, their connected account of ``toolkit`` and ``proxy``."""

    def make(f: Callable[..., Any]) -> CustomTool:
        derived, context_param, model = _function_schema(f)
        if isinstance(input_schema, type) and hasattr(input_schema, "model_json_schema"):
            schema, model = dict(input_schema.model_json_schema()), input_schema
        elif input_schema is not None:
            schema = dict(input_schema)  # type: ignore[arg-type]
        else:
            schema = derived
        run = _custom_runner(f, context_param, model)
        words = description if description is not None else inspect.getdoc(f) or ""
        return CustomTool((slug or f.__name__).upper(), words, schema, run, toolkit)

    return make if fn is None else make(fn)


def _custom_runner(fn: Callable[..., Any], context_param: Optional[str], model: Optional[type]) -> Callable[..., Any]:
    def run(native: Any, call: dict[str, Any]) -> Any:
        arguments = call.get("arguments") or {}
        if model is not None:
            params = [p for p in inspect.signature(fn).parameters if p != context_param]
            kwargs: dict[str, Any] = {params[0]: model.model_validate(arguments)} if params else {}  # type: ignore[attr-defined]
        else:
            kwargs = dict(arguments)
        if context_param:
            kwargs[context_param] = ToolContext(
                call["user_id"], call.get("connected_account_id"), call.get("account"), native
            )
        return fn(**kwargs)

    run._composio_fn = fn  # type: ignore[attr-defined]
    return run


def _jsonable(value: Any) -> Any:
    """A provider SDK's response (pydantic models of openai, anthropic, google-genai; objects with
    ``to_dict``) or plain values as JSON-ready Python values."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        try:
            return dump(mode="json", exclude_none=True)
        except TypeError:
            return _jsonable(dump())
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return _jsonable(to_dict())
    raise TypeError(f"cannot read tool calls from a {type(value).__name__}")


def _result(value: Any) -> Any:
    """What a callback returned, as JSON-ready values (pydantic models dumped)."""
    return _jsonable(value)


def _native_args(
    modifiers: Optional[Sequence[Modifier]],
    custom_tools: Optional[Sequence[Union[CustomTool, Callable[..., Any]]]],
    native: Any,
    resolve: Callable[[Any], Any],
) -> tuple[list[Any], list[Any]]:
    """The callbacks as the native layer calls them: ``f(slug, toolkit, value) -> JSON``; ``resolve`` turns
    what a callback returned (maybe a coroutine) into its value."""
    mods = []
    for m in modifiers or ():
        if not isinstance(m, Modifier):
            raise TypeError("modifiers take schema_modifier(...), before_execute(...) or after_execute(...)")
        resolve(m.fn)
        mods.append((m.kind, list(m.tools), list(m.toolkits),
                     lambda slug, toolkit, value, fn=m.fn: _jsonable(resolve(fn(slug, toolkit, value)))))
    tools = []
    for t in custom_tools or ():
        tool = t if isinstance(t, CustomTool) else custom_tool(t)
        resolve(tool.fn)
        tools.append(
            (tool.slug, tool.description, tool.input_schema, tool.toolkit,
             lambda _slug, _toolkit, call, run=tool.fn: _jsonable(resolve(run(native, call))))
        )
    return mods, tools


def _options(**kwargs: Any) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in kwargs.items() if v is not None and v is not False}


class _ToolsetBase:
    _native: _native.NativeToolset
    _definitions: Optional[list[Any]] = None

    @property
    def definitions(self) -> list[Any]:
        """The tool definitions to pass to the model (``tools=``), in the toolset's format."""
        if self._definitions is None:
            self._definitions = self._native.definitions()
        return self._definitions

    @property
    def json_schemas(self) -> list[dict[str, Any]]:
        """Each tool as frameworks that take JSON Schema want it: ``{name, description, parameters, strict}``
        (the parameters strict when the toolset is), whatever the toolset's format."""
        return self._native.json_schemas()

    @property
    def format(self) -> str:
        return self._native.format

    @property
    def user_id(self) -> str:
        return self._native.user_id

    def langchain(self) -> list[Any]:
        """LangChain ``StructuredTool``s running through this toolset (needs ``langchain-core``)."""
        from ._frameworks import langchain_tools

        return langchain_tools(self)  # type: ignore[arg-type]

    def openai_agents(self) -> list[Any]:
        """OpenAI Agents SDK ``FunctionTool``s running through this toolset (needs ``openai-agents``); strict
        when the toolset is."""
        from ._frameworks import openai_agents_tools

        return openai_agents_tools(self)  # type: ignore[arg-type]

    @property
    def tools(self) -> list[dict[str, Optional[str]]]:
        """Every tool: ``{slug, toolkit, name}`` (``name`` is what the model sees: the slug, or its shortened form)."""
        return [{"slug": s, "toolkit": t, "name": n} for s, t, n in self._native.tools()]

    def __len__(self) -> int:
        return len(self._native.tools())

    def __repr__(self) -> str:
        return repr(self._native)


class Toolset(_ToolsetBase):
    """One user's tools in one format (``client.toolset(...)``)."""

    def __init__(self, native: _native.NativeToolset) -> None:
        self._native = native

    def handle(self, response: Any) -> list[Any]:
        """Runs every tool call of ``response`` (the provider SDK's response object, a message, a dict or a list of
        calls) concurrently and returns the messages to append before calling the model again. A call that fails
        says why in its result; this raises only when ``response`` is not of the toolset's format."""
        return self._native.handle(_jsonable(response))

    def execute(self, name: str, arguments: Union[str, Mapping[str, Any], None] = None) -> dict[str, Any]:
        """Runs one call by the name the model sees: ``{successful, data, error}``, never an exception."""
        return self._native.execute(name, arguments if isinstance(arguments, str) else _jsonable(arguments or {}))



class AsyncToolset(_ToolsetBase):
    """One user's tools in one format (``await client.toolset(...)``), with coroutine ``handle``/``execute``."""

    def __init__(self, native: _native.NativeToolset) -> None:
        self._native = native

    async def handle(self, response: Any) -> list[Any]:
        """As ``Toolset.handle``, awaitable; cancelling it stops the calls still running."""
        return await self._native.handle_async(_jsonable(response))

    async def execute(self, name: str, arguments: Union[str, Mapping[str, Any], None] = None) -> dict[str, Any]:
        return await self._native.execute_async(
            name, arguments if isinstance(arguments, str) else _jsonable(arguments or {})
        )



def _sync(value: Any) -> Any:
    """The blocking client's callbacks: an async one is refused when the toolset is built."""
    if inspect.iscoroutinefunction(getattr(value, "_composio_fn", value)):
        raise TypeError(f"{getattr(value, '__name__', 'the callback')} is async: use it with AsyncComposio")
    return value


def _on_loop(loop: asyncio.AbstractEventLoop) -> Callable[[Any], Any]:
    """The asyncio client's callbacks: a coroutine runs on the caller's event loop while the callback's thread
    waits for its result."""

    def resolve(value: Any) -> Any:
        if inspect.iscoroutine(value):
            return asyncio.run_coroutine_threadsafe(value, loop).result()
        return value

    return resolve


def build_toolset(native_client: Any, modifiers: Any, custom_tools: Any, **options: Any) -> Toolset:
    mods, tools = _native_args(modifiers, custom_tools, native_client, _sync)
    return Toolset(_native.toolset(native_client, _options(**options), mods, tools))


async def build_async_toolset(native_client: Any, modifiers: Any, custom_tools: Any, **options: Any) -> AsyncToolset:
    mods, tools = _native_args(modifiers, custom_tools, native_client, _on_loop(asyncio.get_running_loop()))
    return AsyncToolset(await _native.toolset_async(native_client, _options(**options), mods, tools))


def tool_definition(tool: Any, format: Format = "openai", *, strict: bool = False) -> Any:
    """One Composio tool (a ``Tool`` or the API's dict) in a model API's format, as a toolset makes it."""
    return _native.definition(_jsonable(tool), format, strict)
