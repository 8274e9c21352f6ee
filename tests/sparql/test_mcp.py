"""`talkgraph mcp` driven by the MCP SDK's own client over stdio, on the seed note's build."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time

import pytest

from graph import build

from ..conftest import CORPUS
from .test_queries import QUERIES

pytestmark = pytest.mark.server
SEED = "2023-02-18-pyconfr-talence.md"
TALKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a tg:Talk }"
IMPOSSIBLE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    if not (CORPUS / SEED).is_file():
        pytest.skip("../shared/corpus is absent (the seed note is not shipped)")
    root = tmp_path_factory.mktemp("mcp")
    (root / "notes").mkdir()
    shutil.copy(CORPUS / SEED, root / "notes" / SEED)
    build(root / "notes", root / "out")
    return root / "notes", root / "out"


def payload(result) -> dict:
    """The tool's JSON answer (structured content, else the text block)."""
    if getattr(result, "structured_content", None):
        return result.structured_content
    return json.loads(result.content[0].text)


def error_text(result) -> str:
    assert result.is_error, result
    return " ".join(block.text for block in result.content)


async def session(out, steps):
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "graph", "mcp", "-o", str(out),
                                                                 "--timeout", "2"])
    async with Client(params) as client:
        return await steps(client)


def test_the_sdk_client_lists_the_tools_and_gets_answers(seed_build):
    notes, out = seed_build

    async def steps(client):
        tools = (await client.list_tools()).tools
        talks = await client.call_tool("sparql", {"query": TALKS})
        speakers = (QUERIES / "02-speakers-and-organisations.rq").read_text(encoding="utf-8")
        pages = [await client.call_tool("sparql", {"query": speakers, **extra})
                 for extra in ({}, {"page": 2}, {"all_pages": True})]
        memray = await client.call_tool("search", {"text": "memray"})
        described = await client.call_tool("describe", {"name": "memray"})
        schema = await client.call_tool("schema", {})
        resources = (await client.list_resources()).resources
        model = await client.read_resource("talkgraph://schema/README.md")
        return tools, talks, pages, memray, described, schema, resources, model

    tools, talks, pages, memray, described, schema, resources, model = asyncio.run(session(out, steps))
    assert {tool.name for tool in tools} == {"sparql", "search", "describe", "schema"}
    assert all(tool.description and tool.input_schema["type"] == "object" for tool in tools)
    answer = payload(talks)
    assert answer["rows"] == [{"n": 26}] and answer["build"]
    first, second, every = map(payload, pages)
    assert first["page"] == {"number": 1, "size": 25, "offset": 0, "next": 2} and first["rows"]
    assert second["page"]["offset"] == 25 and "page" not in every
    assert every["rows"] == first["rows"] + second["rows"]  # the seed note's speakers, page after page
    tool = payload(memray)["entities"][0]
    assert tool["name"].lower() == "memray" and "schema:SoftwareApplication" in tool["types"]
    lines = (notes / SEED).read_text(encoding="utf-8").split("\n")
    assert tool["mentions"] and all(m["file"] == SEED for m in tool["mentions"])
    assert all("memray" in lines[m["line"] - 1].lower() for m in tool["mentions"])
    facts = payload(described)["facts"]
    assert any(f["property"] == "schema:name" for f in facts)
    assert payload(schema)["example_queries"] and any(c["id"] == "tg:Talk" for c in payload(schema)["classes"])
    assert any(str(r.uri).startswith("talkgraph://queries/") for r in resources)
    assert "tg:Mention" in model.contents[0].text


def test_updates_syntax_errors_and_slow_queries_are_tool_errors(seed_build):
    notes, out = seed_build

    async def steps(client):
        update = await client.call_tool("sparql", {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
        syntax = await client.call_tool("sparql", {"query": "SELEKT ?x WHERE { ?x ?y ?z }"})
        empty = await client.call_tool("search", {"text": "  "})
        started = time.monotonic()
        slow = await client.call_tool("sparql", {"query": IMPOSSIBLE})
        stopped_after = time.monotonic() - started
        after = await client.call_tool("sparql", {"query": TALKS})  # the server is still fine
        return update, syntax, empty, slow, stopped_after, after

    update, syntax, empty, slow, stopped_after, after = asyncio.run(session(out, steps))
    assert "updates are refused" in error_text(update)
    assert "syntax error at line 1, column" in error_text(syntax).lower()
    assert "search wants some text" in error_text(empty)
    assert "time limit" in error_text(slow) and stopped_after < 10
    assert payload(after)["rows"] == [{"n": 26}]


def test_it_follows_a_rebuild_and_says_which_build_answered(seed_build, tmp_path):
    notes, out = seed_build
    copy = tmp_path / "notes"
    shutil.copytree(notes, copy)
    query = 'ASK { ?r schema:name ?n FILTER(CONTAINS(?n, "rebuilt-for-mcp")) }'

    async def steps(client):
        before = payload(await client.call_tool("sparql", {"query": query}))
        seed = copy / SEED
        first, rest = seed.read_text(encoding="utf-8").split("\n", 1)
        seed.write_text(f"{first} rebuilt-for-mcp\n{rest}", encoding="utf-8")
        landed = await asyncio.to_thread(build, copy, out)
        after = payload(await client.call_tool("sparql", {"query": query}))
        return before, after, landed.manifest["build"]

    before, after, landed = asyncio.run(session(out, steps))
    assert before["boolean"] is False and after["boolean"] is True
    assert after["build"] == landed != before["build"]
