"""The explorer's page data and text index, as Python builds them (the browser tests use them)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib

import networkx as nx

from graph.outputs.html import page_data, render
from graph.outputs.html.textindex import build_index, encode_index, file_part, index_of, note_lines, words
from graph.pipeline import network_of

from ..conftest import EXAMPLES


def decode(encoded: str) -> dict:
    return json.loads(zlib.decompress(base64.b64decode(encoded)).decode("utf-8"))


def test_index_round_trips_and_postings_point_to_the_files():
    texts = ["# Mémoire\r\nflamegraphs de la mémoire\n", None, "memray et\x07 la MÉMOIRE\n", "autre chose"]
    index = decode(encode_index(build_index(texts)))
    assert index["lines"][0] == ["# Mémoire", "flamegraphs de la mémoire", ""]
    assert index["lines"][1] == [] and index["lines"][2][0] == "memray et la MÉMOIRE"
    postings = dict(zip(index["tokens"], index["postings"], strict=True))
    files = [sum(postings["memoire"][: i + 1]) for i in range(len(postings["memoire"]))]  # deltas
    assert files == [0, 2]
    assert index["tokens"] == sorted(index["tokens"]) and "Mémoire" not in index["tokens"]
    assert words("C'est l'API") == {"c", "est", "l", "api"}


def test_index_from_known_parts_reads_only_the_others():
    """A rebuild's index: the parts kept from the last build are not read again, and the bytes are the same."""
    texts = {"a.md": "# Mémoire\nflamegraphs", "b.md": 'quote "x" </script> \\ é', "c.md": None, "d.md": "py"}
    fresh = index_of(list(texts), texts.get)
    assert decode(fresh) == build_index(texts.values())
    asked = []
    known = {"a.md": file_part(texts["a.md"]), "d.md": file_part(texts["d.md"])}
    again = index_of(list(texts), lambda path: asked.append(path) or texts[path], known)
    assert again == fresh and asked == ["b.md", "c.md"] and set(known) == set(texts)


def test_note_lines_number_lines_as_the_parser_does():
    assert note_lines("a\r\nb\rc\n") == ["a", "b", "c", ""]
    assert note_lines(None) == []


def test_page_data_of_the_examples(examples_build):
    graph, _ = network_of(examples_build)
    data = page_data(graph, "../examples/", base="https://w3id.org/talkgraph/id/")
    assert data["bases"] == ["https://w3id.org/talkgraph/id/", "https://w3id.org/talkgraph/"]
    files = data["files"]
    assert sorted(files[:5]) == files[:5] == sorted(p.name for p in EXAMPLES.glob("*.md"))
    pycon = files.index("2024-10-12-pycon-demo-lyon.md")
    assert data["fileDates"][pycon] == ["2024-10-12", "2024-10-12", "2024-10-12"]
    talk = next(n for n in data["nodes"] if n["name"] == "Profiler la mémoire avec memray")
    assert talk["origins"] == [[pycon, 17]]
    roles = {url: data["linkRoles"][role] for url, role in talk["links"]}
    assert roles["https://videos.example.org/w/memray2024"] == "replay"
    assert roles["https://slides.example.org/alice/memray"] == "slides"
    tool = next(n for n in data["nodes"] if n["name"] == "memray")
    assert all(len(m) == 3 and data["files"][m[0]].endswith(".md") and m[1] > 0 for m in tool["mentions"])
    assert "origins" not in tool and "clips" not in tool  # empty values are left out


def test_permalinks_are_kept_once_per_file_unless_they_differ():
    graph = nx.MultiDiGraph()
    mentions = [{"file": "a.md", "line": 3, "text": "x", "permalink": "https://git.example.org/a.md#L3"},
                {"file": "a.md", "line": 9, "text": "x", "permalink": "https://git.example.org/a.md#L9"},
                {"file": "a.md", "line": 4, "text": "x", "permalink": "https://elsewhere.example.org/a#L4"}]
    graph.add_node("x", type="tool", label="x", iri="https://w3id.org/talkgraph/tool/x", aliases=[], links=[],
                   mentions=mentions, degree=0)
    data = page_data(graph)
    assert data["fileLinks"] == ["https://git.example.org/a.md"]
    rows = data["nodes"][0]["mentions"]
    assert [len(r) for r in rows] == [3, 3, 4] and rows[2][3] == "https://elsewhere.example.org/a#L4"


def test_the_written_page_holds_every_notes_text(examples_build):
    page = (examples_build.out_dir / "graph.html").read_text(encoding="utf-8")
    encoded = re.search(r'id="talkgraph-index">([^<]*)</script>', page).group(1)
    data = json.loads(re.search(r'id="talkgraph-data">([^<]*)</script>', page).group(1))
    index = decode(encoded)
    for position, name in enumerate(data["files"]):
        assert index["lines"][position] == note_lines((EXAMPLES / name).read_text(encoding="utf-8"))
    assert "connect-src 'self'" in page and "default-src 'none'" in page


def test_render_without_notes_still_has_an_index():
    graph = nx.MultiDiGraph()
    graph.add_node("n", type="note", label="n.md", iri="https://w3id.org/talkgraph/id/note/n", aliases=[],
                   links=[], mentions=[], origins=[{"file": "n.md", "line": 1}], degree=0)
    page = render(graph)
    encoded = re.search(r'id="talkgraph-index">([^<]*)</script>', page).group(1)
    assert decode(encoded)["lines"] == [[]]


def test_placeholders_written_in_a_note_are_not_filled():
    graph = nx.MultiDiGraph()
    graph.add_node("x", type="tool", label="{{SCRIPT}} {{INDEX}} {{VIS}}", iri="https://w3id.org/talkgraph/tool/x",
                   aliases=[], links=[], mentions=[], degree=0)
    page = render(graph)
    assert page.count("{{SCRIPT}} {{INDEX}} {{VIS}}") == 1 and page.count("vis-network") >= 1


def test_index_is_deflated_piece_by_piece_and_a_rebuild_compresses_only_the_changed_pieces(tmp_path):
    """Pieces cut by content: one edited note recompresses its own pieces; the bytes equal a fresh encoding."""
    from graph.outputs.chunks import ChunkCache
    from graph.outputs.html.textindex import index_pieces

    texts = {f"note-{i:03d}.md": f"# Note {i}\nprofiling with tool{i % 9} and word{i}\n" for i in range(200)}
    compressed: list[bytes] = []

    class Counting(ChunkCache):
        def text(self, data, serialise):
            return super().text(data, lambda raw: compressed.append(raw) or serialise(raw))

    with Counting(tmp_path, "x", b"salt", folder="pieces") as cache:
        first = index_of(list(texts), texts.get, cache=cache)
    pieces = list(index_pieces(list(texts), [file_part(t) for t in texts.values()]))
    assert len(compressed) == len(set(pieces)) and len(pieces) > 10
    assert zlib.decompress(base64.b64decode(first)).decode() == "".join(pieces)
    texts["note-100.md"] += "- edited with pytest\n"
    compressed.clear()
    with Counting(tmp_path, "x", b"salt", folder="pieces") as cache:
        again = index_of(list(texts), texts.get, cache=cache)
    assert again == index_of(list(texts), texts.get)  # a fresh encoding, no cache: the same bytes
    assert decode(again) == build_index(texts.values()) and 1 <= len(compressed) <= 6
    live = {hashlib.sha256(hashlib.sha256(b"salt").digest() + p.encode()).hexdigest()[:32] for p in
            index_pieces(list(texts), [file_part(t) for t in texts.values()])}
    assert {entry.name for entry in (tmp_path / ".cache" / "pieces").iterdir()} == live  # stale pieces dropped


def test_the_page_written_piece_by_piece_is_the_page_and_its_data(examples_build):
    """The writer streams the page (its data's JSON, its text index deflated as it goes): the same
    text as the page and the data made whole, with a note's ``</script>`` and ``&`` escaped in either."""
    from graph.outputs.html import page_pieces
    from graph.outputs.html.data import PageData
    from graph.outputs.html.textindex import encode_pieces, index_pieces

    graph, _ = network_of(examples_build)
    graph = graph.copy()
    graph.add_node("x", type="tool", label="</script> & é ’ 😀", iri="https://w3id.org/talkgraph/tool/x",
                   aliases=[], links=[], mentions=[{"file": "z.md", "line": 2, "text": "<b> &amp;"}], degree=0)
    whole = json.dumps(page_data(graph, "../n/", base="https://b/"), ensure_ascii=False, separators=(",", ":"))
    pieces = list(PageData(graph, "../n/", "https://b/").json_pieces(batch=3))
    assert "".join(pieces) == whole and len(pieces) > 10
    texts = {name: (EXAMPLES / name).read_text(encoding="utf-8") for name in json.loads(whole)["files"]
             if (EXAMPLES / name).is_file()}
    streamed = "".join(page_pieces(graph, title="t & <b>", read=texts.get))
    assert streamed == render(graph, title="t & <b>", read=texts.get) and "</script> &" not in streamed
    data = json.loads(re.search(r'id="talkgraph-data">([^<]*)</script>', streamed).group(1))
    assert next(n for n in data["nodes"] if n["iri"].endswith("/tool/x"))["name"] == "</script> & é ’ 😀"
    parts = [file_part(text) for text in texts.values()]
    assert decode(encode_pieces(index_pieces(list(texts), parts))) == build_index(texts.values())
