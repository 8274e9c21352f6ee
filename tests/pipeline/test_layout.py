"""A build of a notes repository laid out as its author keeps it: dated notes, structured/, outlines, README/USAGE."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build, validate

from ..conftest import CORPUS, EXAMPLES, FIXTURES, SHARED

GRAMMAR = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|\()?\[?(\d{1,2}:[0-5]\d:[0-5]\d|\d{1,2}:[0-5]\d)(?![\w:])"
)
SCHEMA, TG = "https://schema.org/", "https://w3id.org/talkgraph/ns#"


def _seconds(label: str) -> int:
    parts = [int(p) for p in label.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def expected_clips(text: str) -> dict[int, int]:
    """Line -> offset of every timestamped line outside code blocks, by a regex over the file."""
    found, in_code = {}, False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code and (m := GRAMMAR.match(line)):
            found[number] = _seconds(m[1])
    return found


def clips_by_note(out: Path) -> dict[str, dict[int, tuple[int, str]]]:
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(f"""SELECT ?file ?line ?offset ?url WHERE {{ GRAPH ?g {{
        ?clip a <{SCHEMA}Clip> ; <{SCHEMA}isPartOf> ?video ; <{SCHEMA}startOffset> ?offset ; <{TG}line> ?line ;
              <{SCHEMA}name> ?name .
        OPTIONAL {{ ?clip <{SCHEMA}url> ?url }}
        ?note <{TG}sourceFile> ?file }} }}""")
    out_rows: dict[str, dict[int, tuple[int, str]]] = {}
    for r in rows:
        assert r["offset"].datatype.value.endswith("#integer")
        out_rows.setdefault(r["file"].value, {})[int(r["line"].value)] = (int(r["offset"].value),
                                                                          r["url"].value if r["url"] else "")
    return out_rows


def assemble(tmp_path: Path, notes: list[Path], structured: list[Path], root_files: list[Path]) -> Path:
    root = tmp_path / "notes"
    (root / "structured").mkdir(parents=True)
    for path in notes + root_files:
        shutil.copy(path, root / path.name)
    for path in structured:
        shutil.copy(path, root / "structured" / path.name)
    return root


def check_layout(root: Path, out: Path, *, shapes: bool = True) -> dict:
    result = build(root, out, incremental=False, writers=["nquads", "report"])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    topic_files = {r.path for r in result.records if r.kind == "topic"}
    assert {p.relative_to(root).as_posix() for p in (root / "structured").iterdir()} <= topic_files
    assert not [w for w in result.warnings if w.path in topic_files], "a topic note following its convention warns"
    own = sorted(p.name for p in root.iterdir() if p.stem in ("README", "USAGE"))
    assert report["not_read"]["repository file"] == own
    assert not any(r.path in ("README.md", "USAGE.md") for r in result.records)
    clips = clips_by_note(out)
    for record in result.records:
        text = (root / record.path).read_text(encoding="utf-8")
        wanted, found = expected_clips(text), clips.get(record.path, {})
        if record.resource.type in ("video", "talk"):  # a video note: every timestamped line is a clip
            assert {line: offset for line, (offset, _) in found.items()} == wanted, record.path
        assert set(found) <= set(wanted)  # elsewhere (a meetup's programme) only the lines of a linked video
        assert all(str(offset) in url for offset, url in found.values() if url)
    if shapes:
        assert validate(out).conforms
    return report


def test_the_notes_repository_layout_from_fixtures(tmp_path):
    layout = FIXTURES / "layout"
    root = assemble(tmp_path, [*EXAMPLES.glob("*.md"), *layout.glob("*.md"), layout / "git.otl"],
                    [layout / "structured" / "sqlite.md"], [])
    (root / "USAGE.md").write_text("# Usage\n\nmes conventions\n", encoding="utf-8")
    report = check_layout(root, tmp_path / "out")
    assert report["notes"] == 10


@pytest.mark.skipif(not (SHARED / "corpus" / "structured").is_dir(), reason="../shared/corpus is absent")
def test_the_shared_notes_repository_layout(tmp_path):
    corpus = SHARED / "corpus"
    root = assemble(tmp_path, sorted(CORPUS.glob("*.md")), sorted((corpus / "structured").glob("*.md")),
                    [corpus / "README.md", corpus / "USAGE.md"])
    for outline in sorted((corpus / "otl").glob("*.otl")):
        shutil.copy(outline, root / "structured" / outline.name)
    report = check_layout(root, tmp_path / "out", shapes=False)  # the shapes are checked on the fixtures
    assert report["notes"] == 78 + 3 + 2
    clips = clips_by_note(tmp_path / "out")
    total = sum(len(expected_clips(p.read_text(encoding="utf-8"))) for p in CORPUS.glob("*.md"))
    assert sum(len(v) for v in clips.values()) == total
    assert Counter(w["file"] for w in report["warnings"] if w["file"].startswith("structured/")) == Counter()
