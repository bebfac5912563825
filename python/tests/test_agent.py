"""The agent layer from Python against the emulator, with the providers' own SDKs: definitions and returned
messages parse as the SDKs' types, and whole loops run through the real `openai` and `anthropic` clients
pointed at a small scripted local model server."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import anthropic  # scripts/test-python.sh installs the provider SDKs
import openai
import pydantic
import pytest
from conftest import Emulator
from google.genai import types as genai_types

import composio_rs
from composio_rs import (
    AsyncComposio,
    Composio,
    ToolContext,
    after_execute,
    before_execute,
    custom_tool,
    schema_modifier,
)

AWKWARD = [
    "GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER",
    "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT",
    "NOTION_CREATE_DATABASE_ROW_FROM_TEMPLATE_WITH_PROPERTIES_AND_NOTIFY_WORKSPACE_MEMBERS",
]
ISSUE = {"owner": "acme", "repo": "app", "title": "Login fails"}


class Reply(pydantic.BaseModel):  # type: ignore[misc,name-defined]
    text: str
    loud: bool = False


def client(emulator: Emulator) -> Composio:
    return Composio(**emulator.client_kwargs())


def adapter(t: Any) -> Any:
    return pydantic.TypeAdapter(t)


def content(message: dict[str, Any]) -> Any:
    return json.loads(message["content"])


@pytest.mark.parametrize("strict", [False, True])
def test_openai_definitions_and_messages_are_the_sdks_types(emulator: Emulator, strict: bool) -> None:
    from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam
    from openai.types.responses import FunctionToolParam, ResponseInputItemParam

    c = client(emulator)
    for d in c.toolset(user_id="user-1", tools=AWKWARD, strict=strict).definitions:
        adapter(ChatCompletionToolParam).validate_python(d)
        assert len(d["function"]["name"]) <= 64
    ts = c.toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], format="openai_responses", strict=strict)
    for d in ts.definitions:
        adapter(FunctionToolParam).validate_python(d)
    items = ts.handle({"output": [{"type": "function_call", "call_id": "c1", "name": "GITHUB_CREATE_ISSUE",
                                   "arguments": json.dumps(ISSUE)}]})
    adapter(list[ResponseInputItemParam]).validate_python(items)
    messages = c.toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"]).handle(
        [{"id": "c1", "type": "function", "function": {"name": "GITHUB_CREATE_ISSUE", "arguments": "{"}}]
    )
    adapter(list[ChatCompletionMessageParam]).validate_python(messages)


def test_anthropic_definitions_and_messages_are_the_sdks_types(emulator: Emulator) -> None:
    from anthropic.types import Message, MessageParam, ToolParam

    c = client(emulator)
    for d in c.toolset(user_id="user-1", tools=AWKWARD, format="anthropic").definitions:
        adapter(ToolParam).validate_python(d)
    ts = c.toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], format="anthropic")
    message = Message.model_validate({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "scripted", "stop_reason": "tool_use",
        "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1},
        "content": [{"type": "tool_use", "id": "toolu_1", "name": "GITHUB_CREATE_ISSUE", "input": ISSUE},
                    {"type": "tool_use", "id": "toolu_2", "name": "GITHUB_CREATE_ISSUE", "input": {}}],
    })
    [reply] = ts.handle(message)  # the SDK's own object
    adapter(MessageParam).validate_python(reply)
    assert [b["is_error"] for b in reply["content"]] == [False, True]
    assert "Missing required argument" in json.loads(reply["content"][1]["content"])["error"]


def test_gemini_declarations_and_parts_are_the_sdks_types(emulator: Emulator) -> None:
    c = client(emulator)
    ts = c.toolset(user_id="user-1", tools=AWKWARD + ["GITHUB_CREATE_ISSUE"], format="gemini")
    declarations = [genai_types.FunctionDeclaration.model_validate(d) for d in ts.definitions]
    genai_types.Tool(function_declarations=declarations)
    response = genai_types.GenerateContentResponse(candidates=[genai_types.Candidate(content=genai_types.Content(
        role="model", parts=[genai_types.Part(function_call=genai_types.FunctionCall(id="f1", name="GITHUB_CREATE_ISSUE", args=ISSUE))]))])
    [reply] = ts.handle(response)  # the SDK's own object
    parsed = genai_types.Content.model_validate(reply)
    assert parsed.parts and parsed.parts[0].function_response is not None
    assert parsed.parts[0].function_response.response["successful"] is True  # type: ignore[index]


class Scripted:
    """A local model server: answers each request with the next scripted body and keeps what it was sent."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies, self.received = list(replies), []  # type: list[dict[str, Any]], list[dict[str, Any]]
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                outer.received.append(json.loads(body))
                reply = json.dumps(outer.replies.pop(0)).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Callable[[list[dict[str, Any]]], Scripted]]:
    servers: list[Scripted] = []

    def start(replies: list[dict[str, Any]]) -> Scripted:
        servers.append(Scripted(replies))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def tool_call(id: str, name: str, arguments: str) -> dict[str, Any]:
    return {"id": id, "type": "function", "function": {"name": name, "arguments": arguments}}


def test_a_whole_loop_through_the_openai_sdk(emulator: Emulator, scripted: Any) -> None:
    calls = [tool_call("call_1", "GITHUB_CREATE_ISSUE", json.dumps(ISSUE)),
             tool_call("call_2", "GITHUB_CREATE_ISSUE", '{"owner": "acme", '),
             tool_call("call_3", "SLACK_SEND_EVERYTHING", "{}")]
    server = scripted([
        {"id": "c1", "object": "chat.completion", "created": 1, "model": "scripted", "choices": [
            {"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": calls}}]},
        {"id": "c2", "object": "chat.completion", "created": 2, "model": "scripted", "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Opened the issue."}}]},
    ])
    model = openai.OpenAI(api_key="sk-test", base_url=server.url + "/v1", max_retries=0)
    ts = client(emulator).toolset(user_id="user-1", toolkits=["github"], strict=True)
    messages: list[Any] = [{"role": "user", "content": "Open an issue about the login bug"}]
    first = model.chat.completions.create(model="scripted", messages=messages, tools=ts.definitions)
    messages.append(first.choices[0].message.model_dump(exclude_none=True))
    results = ts.handle(first)
    messages += results
    second = model.chat.completions.create(model="scripted", messages=messages, tools=ts.definitions)
    assert second.choices[0].message.content == "Opened the issue."

    sent = server.received[1]["messages"]
    tool_messages = [m for m in sent if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_messages] == ["call_1", "call_2", "call_3"]
    ok, broken, unknown = (json.loads(m["content"]) for m in tool_messages)
    assert ok["successful"] and ok["data"]["arguments"]["title"] == "Login fails"
    assert not broken["successful"] and "not valid JSON" in broken["error"]
    assert not unknown["successful"] and "no tool named" in unknown["error"]
    assert len(server.received[0]["tools"]) == 420 and server.received[0]["tools"][0]["function"]["strict"] is True


def test_a_whole_loop_through_the_anthropic_sdk(emulator: Emulator, scripted: Any) -> None:
    server = scripted([
        {"id": "m1", "type": "message", "role": "assistant", "model": "scripted", "stop_reason": "tool_use",
         "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}, "content": [
             {"type": "tool_use", "id": "toolu_1", "name": "GITHUB_CREATE_ISSUE", "input": ISSUE},
             {"type": "tool_use", "id": "toolu_2", "name": "GITHUB_CREATE_ISSUE", "input": {"owner": "acme"}}]},
        {"id": "m2", "type": "message", "role": "assistant", "model": "scripted", "stop_reason": "end_turn",
         "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}, "content": [{"type": "text", "text": "Done."}]},
    ])
    model = anthropic.Anthropic(api_key="sk-test", base_url=server.url, max_retries=0)
    ts = client(emulator).toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], format="anthropic")
    messages: list[Any] = [{"role": "user", "content": "Open an issue"}]
    first = model.messages.create(model="scripted", max_tokens=100, messages=messages, tools=ts.definitions)
    messages += [{"role": "assistant", "content": [b.model_dump() for b in first.content]}, *ts.handle(first)]
    second = model.messages.create(model="scripted", max_tokens=100, messages=messages, tools=ts.definitions)
    assert second.content[0].text == "Done."  # type: ignore[union-attr]
    blocks = server.received[1]["messages"][2]["content"]
    assert [(b["tool_use_id"], b["is_error"]) for b in blocks] == [("toolu_1", False), ("toolu_2", True)]
    assert json.loads(blocks[1]["content"])["error"] == "Missing required argument: repo"


def test_modifiers_and_custom_tools_are_python_functions(emulator: Emulator) -> None:
    seen: list[str] = []

    @custom_tool
    def add_numbers(a: int, b: int, note: Optional[str] = None) -> dict[str, Any]:
        """Adds two numbers."""
        return {"sum": a + b, "note": note}

    @custom_tool(toolkit="github")
    def github_whoami(ctx: ToolContext) -> dict[str, Any]:
        """The connected GitHub account."""
        proxied = ctx.proxy("/user")
        return {"account": ctx.connected_account_id, "proxied": proxied["data"]["endpoint"]}

    @custom_tool
    def shout(reply: Reply) -> str:
        """Says it."""
        return reply.text.upper() if reply.loud else reply.text

    def explode(slug: str, toolkit: Optional[str], request: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("user code failed")

    ts = client(emulator).toolset(
        user_id="user-1",
        tools=["GITHUB_CREATE_ISSUE", "GITHUB_GET_ISSUE"],
        custom_tools=[add_numbers, github_whoami, shout],
        modifiers=[
            schema_modifier(lambda slug, tk, tool: {**tool, "description": "Changed."}, tools=["GITHUB_CREATE_ISSUE"]),
            before_execute(lambda slug, tk, req: (seen.append(slug), {**req, "arguments": {**req["arguments"], "title": "[bot]"}})[1],
                           tools=["GITHUB_CREATE_ISSUE"]),
            after_execute(lambda slug, tk, res: {**res, "data": "redacted"}, toolkits=["github"]),
            before_execute(explode, tools=["GITHUB_GET_ISSUE"]),
        ],
    )
    by_name = {d["function"]["name"]: d["function"] for d in ts.definitions}
    assert by_name["GITHUB_CREATE_ISSUE"]["description"] == "Changed."
    assert by_name["ADD_NUMBERS"]["parameters"]["required"] == ["a", "b"]
    assert by_name["ADD_NUMBERS"]["description"] == "Adds two numbers."
    assert by_name["SHOUT"]["parameters"]["properties"]["text"]["type"] == "string"
    out = ts.handle([tool_call("1", "GITHUB_CREATE_ISSUE", json.dumps(ISSUE)),
                     tool_call("2", "ADD_NUMBERS", '{"a": 2, "b": 40}'),
                     tool_call("3", "GITHUB_WHOAMI", "{}"),
                     tool_call("4", "GITHUB_GET_ISSUE", '{"owner": "o", "repo": "r", "issue_id": "1"}'),
                     tool_call("5", "SHOUT", '{"text": "hi", "loud": true}'),
                     tool_call("6", "ADD_NUMBERS", '{"a": "two"}')])
    results = [content(m) for m in out]
    assert seen == ["GITHUB_CREATE_ISSUE"] and results[0]["data"] == "redacted"
    assert results[1]["data"] == {"sum": 42, "note": None}
    assert results[2]["data"] == "redacted"  # after_execute applies to toolkit-bound custom tools too
    assert "RuntimeError: user code failed" in results[3]["error"]
    assert results[4]["data"] == "HI"
    assert not results[5]["successful"] and "TypeError" in results[5]["error"]


def test_async_toolsets_take_async_callbacks(emulator: Emulator) -> None:
    async def main() -> list[Any]:
        async def slow_lookup(city: str) -> dict[str, str]:
            """Weather of a city."""
            await asyncio.sleep(0)
            return {"city": city, "sky": "clear"}

        async def tag(slug: str, toolkit: Optional[str], result: dict[str, Any]) -> dict[str, Any]:
            return {**result, "data": {"tagged": result["data"]}}

        c = AsyncComposio(**emulator.client_kwargs())
        ts = await c.toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], format="anthropic",
                             custom_tools=[custom_tool(slow_lookup)], modifiers=[after_execute(tag)])
        return await ts.handle({"content": [
            {"type": "tool_use", "id": "a", "name": "SLOW_LOOKUP", "input": {"city": "Oslo"}},
            {"type": "tool_use", "id": "b", "name": "GITHUB_CREATE_ISSUE", "input": ISSUE}]})

    [reply] = asyncio.run(main())
    first, second = (json.loads(b["content"]) for b in reply["content"])
    assert first["data"] == {"tagged": {"city": "Oslo", "sky": "clear"}}
    assert second["data"]["tagged"]["tool"] == "GITHUB_CREATE_ISSUE"


def test_bad_input_is_a_typed_error_before_any_request(emulator: Emulator) -> None:
    c = client(emulator)
    with pytest.raises(composio_rs.ConfigurationError, match="unknown tool format"):
        c.toolset(user_id="u", toolkits=["github"], format="gpt4")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="async"):
        async def cb(slug: str, tk: Optional[str], value: dict[str, Any]) -> dict[str, Any]:
            return value
        c.toolset(user_id="u", toolkits=["github"], modifiers=[before_execute(cb)])
    ts = c.toolset(user_id="u", tools=["GITHUB_CREATE_ISSUE"])
    with pytest.raises(TypeError, match="cannot read tool calls"):
        ts.handle(object())


def test_langchain_tools_run_through_the_toolset_under_a_fake_model(emulator: Emulator) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage, ToolMessage

    calls = [{"name": "GITHUB_CREATE_ISSUE", "args": {**ISSUE, "body": None}, "id": "c1", "type": "tool_call"},
             {"name": "GITHUB_CREATE_ISSUE", "args": {"owner": "acme"}, "id": "c2", "type": "tool_call"}]
    ts = client(emulator).toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], strict=True)
    tools = {t.name: t for t in ts.langchain()}
    assert tools["GITHUB_CREATE_ISSUE"].args["title"]["type"] == "string"
    model = GenericFakeChatModel(messages=iter([AIMessage(content="", tool_calls=calls)]))
    reply = model.invoke("Open an issue")
    results = [tools[c["name"]].invoke(c) for c in reply.tool_calls]
    assert all(isinstance(r, ToolMessage) for r in results)
    ok, failed = (json.loads(r.content) for r in results)
    assert ok["successful"] and "body" not in ok["data"]["arguments"]  # strict mode's null dropped
    assert not failed["successful"] and "Missing required argument" in failed["error"]

    async def run_async() -> Any:
        ats = await AsyncComposio(**emulator.client_kwargs()).toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"])
        [tool] = ats.langchain()
        return await tool.ainvoke(calls[0])

    assert json.loads(asyncio.run(run_async()).content)["successful"]


def test_openai_agents_tools_run_through_the_toolset_under_a_custom_model(emulator: Emulator) -> None:
    from agents import Agent, Model, ModelResponse, RunConfig, Runner, Usage
    from openai.types.responses import ResponseFunctionToolCall, ResponseOutputMessage, ResponseOutputText

    seen: list[Any] = []

    class Scripted(Model):  # type: ignore[misc]
        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            turn = len(seen)
            seen.append(kwargs.get("input", args[1] if len(args) > 1 else None))
            if turn == 0:
                return ModelResponse(output=[
                    ResponseFunctionToolCall(type="function_call", call_id="c1", name="GITHUB_CREATE_ISSUE",
                                             arguments=json.dumps({**ISSUE, "body": None, "metadata": None})),
                    ResponseFunctionToolCall(type="function_call", call_id="c2", name="GITHUB_CREATE_ISSUE",
                                             arguments='{"owner": '),
                ], usage=Usage(), response_id=None)
            return ModelResponse(output=[ResponseOutputMessage(
                id="m", type="message", role="assistant", status="completed",
                content=[ResponseOutputText(type="output_text", text="Done.", annotations=[])])],
                usage=Usage(), response_id=None)

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    ts = client(emulator).toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"], strict=True)
    agent = Agent(name="issues", model=Scripted(), tools=ts.openai_agents())
    result = asyncio.run(Runner.run(agent, "Open an issue", run_config=RunConfig(tracing_disabled=True)))
    assert result.final_output == "Done."
    outputs = {i["call_id"]: json.loads(i["output"]) for i in seen[1] if isinstance(i, dict) and i.get("type") == "function_call_output"}
    assert outputs["c1"]["successful"] and "body" not in outputs["c1"]["data"]["arguments"]
    assert not outputs["c2"]["successful"] and "not valid JSON" in outputs["c2"]["error"]


def test_files_take_path_objects_on_the_client_and_a_toolset_overrides_them(emulator: Emulator, tmp_path: Path) -> None:
    allowed, downloads = tmp_path / "allowed", tmp_path / "downloads"
    allowed.mkdir()
    (allowed / "report.txt").write_text("quarterly numbers\n")
    (tmp_path / "id_rsa").write_text("not a key\n")
    client = Composio(**emulator.client_kwargs(), files="auto", upload_dirs=[allowed], download_dir=downloads)

    uploads = client.toolset(user_id="user-1", tools=["GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER"])
    done = uploads.execute("GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER", {"file_to_upload": "report.txt"})
    assert done["successful"] and done["data"]["size"] == 18, done
    refused = uploads.execute("GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER", {"file_to_upload": str(tmp_path / "id_rsa")})
    assert not refused["successful"] and "is not allowed" in refused["error"]

    downloaded = client.toolset(user_id="user-1", tools=["GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT"]).execute(
        "GOOGLEDRIVE_DOWNLOAD_FILE_CONTENT", {"file_id": "f7"}
    )
    path = Path(downloaded["data"]["file"]["path"])
    assert path.parent == downloads.resolve() and path.read_text() == "Contents of Drive file f7\n"

    off = client.toolset(user_id="user-1", tools=["GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER"], files="off")
    passed = off.execute("GOOGLEDRIVE_UPLOAD_FILE_TO_FOLDER", {"file_to_upload": "report.txt"})
    assert not passed["successful"] and "upload the local file first" in passed["error"]
