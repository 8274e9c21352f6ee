"""talkgraph lint: every rule on a fixture of our own, and the real deviations of the corpus."""

from __future__ import annotations

import json
import subprocess
import sys

from graph.checks.lint import lint, lint_note

from ..conftest import CORPUS, FIXTURES, needs_corpus

LINT = FIXTURES / "lint"


def rules_at(findings, file):
    return {(f.rule, f.line) for f in findings if f.file == file}


def test_every_rule_on_a_bad_note():
    findings = lint([LINT])
    bad = rules_at(findings, "2024-02-30-bad-things.md")
    assert ("TG001", 1) in bad  # text before the title
    assert ("TG003", 8) in bad  # auteur and auteurs
    assert ("TG005", 9) in bad  # free-text date
    assert ("TG010", 11) in bad  # empty source
    assert ("TG008", 13) in bad  # link to a missing note
    assert ("TG009", 17) in bad  # mumut
    tag_messages = [f.message for f in findings if f.rule == "TG004"]
    assert any("pyhton" in m for m in tag_messages)
    assert any("'topics>'" in m for m in tag_messages)
    assert any("'='" in m for m in tag_messages)
    assert any("not separated" in m for m in tag_messages)
    other = rules_at(findings, "notes-without-date.md")
    assert ("TG006", 1) in other and ("TG007", 1) in other
    assert any(f.rule == "TG002" and "type" in f.message for f in findings if f.file == "notes-without-date.md")
    assert all(f.fix for f in findings)


def test_cli_exit_codes_and_json(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "graph", "lint", str(LINT), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert {"file", "line", "rule", "message", "fix"} <= set(data[0])
    good = tmp_path / "2024-01-01-good.md"
    good.write_text(
        "# Good\n\n- **url** = https://x.example\n- **type** = post\n- **auteur** = N/A\n"
        "- **date de publication** = 2024-01-01\n- **source** = N/A\n- **tags** = language>python\n"
    )
    clean = subprocess.run(
        [sys.executable, "-m", "graph", "lint", str(good)], capture_output=True, text=True, timeout=120
    )
    assert clean.returncode == 0, clean.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "graph", "lint", str(tmp_path / "nope")], capture_output=True, text=True, timeout=120
    )
    assert missing.returncode == 2


# Real deviations of the corpus notes, checked by hand against the files.
EXPECTED_CORPUS = [
    ("2023-02-18-pyconfr-talence.md", 207, "TG009"),  # "mumut" for mutmut
    ("2022-01-22-MULTIPLE-python-c-extension.md", 33, "TG009"),  # "distuils"
    ("2022-05-23-most-vexing-parse-python-packaging.md", 241, "TG009"),  # "unbuntu"
    ("2023-05-11-rustbook.md", 1566, "TG009"),  # "crate.io"
    ("2024-10-15-ultimate-guide-error-handling-in-python.md", 8, "TG004"),  # language>pythonn
    ("2023-06-08-hexagonalme.md", 8, "TG004"),  # topic>architecture  topic>architecture-hexagonale
    ("2021-11-02-end-object-inheritance-beginning-new-modularity.md", 8, "TG004"),  # glued tags
    ("2023-02-22-really-simple-cqrs.md", 1, "TG007"),  # same title as 2023-07-19-really-simple-cqrs.md
    ("2023-07-19-really-simple-cqrs.md", 1, "TG007"),
    ("2022-02-21-python-design-patterns.md", 6, "TG005"),  # "sans doute répartie sur plusieurs années…"
    ("2021-11-17-what-are-teletypes.md", 30, "TG008"),  # link to a note not in the folder
    ("2023-09-26-comprehensive-rust.md", 112, "TG001"),  # "# 4. Hello World!" is a second H1
    ("2021-01-xx-systems-design-explains-the-world-vol-1.md", 3, "TG002"),  # no source
]


@needs_corpus
def test_real_deviations_of_the_corpus():
    findings = {(f.file, f.line, f.rule) for f in lint([CORPUS])}
    missing = [item for item in EXPECTED_CORPUS if item not in findings]
    assert missing == []
    assert len(findings) < 80  # short enough to review by hand


def test_pre_commit_hook_is_declared():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text()
    assert "id: talkgraph-lint" in text and "entry: talkgraph lint" in text


def test_topic_notes_are_only_held_to_their_own_rules():
    layout = FIXTURES / "layout"
    findings = lint([layout])
    topic = {f.rule for f in findings if f.file in ("structured/sqlite.md", "topic-tool.md", "git.otl")}
    assert topic <= {"TG008", "TG009", "TG012", "TG013"}
    assert not any(f.file == "README.md" for f in findings)  # the repository's own README is not a note
    text = (layout / "structured" / "sqlite.md").read_text(encoding="utf-8")
    assert lint_note("structured/sqlite.md", text) == []
    assert {f.rule for f in lint_note("sqlite.md", text)} >= {"TG001", "TG002", "TG006"}  # not a topic note there


def test_malformed_timestamps(tmp_path):
    note = tmp_path / "2024-01-01-video.md"
    note.write_text("# V\n\n- **url** = https://youtu.be/abcdefghijk\n\n00:30 ok\n02:33:0 une seconde manque\n")
    (finding,) = [f for f in lint([note]) if f.rule == "TG013"]
    assert (finding.line, finding.message) == (6, "timestamp '02:33:0' is not M:SS, MM:SS or H:MM:SS")


def _write(folder, files: dict[str, str]):
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


FRONT_MATTER = """---
title: {title}
speaker: Ada Byron
---

# {title}

Notes on the talk; we ran pytest then mumut, and mutmut again.
"""

AUTHOR_NOTE = """# A talk

- **url** = https://example.org/talk
- **type** = conférence
- **auteur** = Ada Byron
- **date de publication** = 2024-01-31
- **source** = https://example.org
- **tags** = language>python

Text.
"""


def test_other_conventions_are_held_to_general_rules_only(tmp_path):
    notes = _write(tmp_path / "notes", {
        "team/README.md": "# Conference reports\n",
        "team/keynote.md": FRONT_MATTER.format(title="Keynote"),
        "team/closing.md": FRONT_MATTER.format(title="Closing"),
        "team/third.md": FRONT_MATTER.format(title="Keynote"),
        "team/listed.md": AUTHOR_NOTE.replace("- **source** = https://example.org\n", ""),
        "others/README.md": "# Conference reports\n",
    })
    findings = lint([notes])
    rules = {f.rule for f in findings if f.file == "team/keynote.md"}
    assert rules == {"TG007", "TG009"}  # a duplicate title and a typo are everyone's business
    # the note that does use the author's list is held to it, wherever it is
    assert any(f.rule == "TG002" and "source" in f.message for f in findings if f.file == "team/listed.md")
    assert not any(f.rule == "TG007" for f in findings if f.file.endswith("README.md"))


def test_the_authors_folder_is_held_to_the_convention(tmp_path):
    notes = _write(tmp_path / "notes", {
        "2024-01-31-a.md": AUTHOR_NOTE,
        "2024-02-01-b.md": AUTHOR_NOTE.replace("# A talk", "# B talk"),
        "2024-02-02-c.md": "# C talk\n\nNo metadata list at all.\n",
    })
    findings = lint([notes])
    assert {f.rule for f in findings if f.file == "2024-02-02-c.md"} >= {"TG002", "TG003"}
    # a lone file is judged by its siblings
    alone = lint([notes / "2024-02-02-c.md"])
    assert any(f.rule == "TG002" for f in alone)


def test_talkgraph_toml_excludes_and_declares_topics(tmp_path):
    notes = _write(tmp_path / "notes", {
        "2024-01-31-a.md": AUTHOR_NOTE,
        "2024-02-01-b.md": AUTHOR_NOTE.replace("# A talk", "# B talk"),
        "drafts/2024-03-01-draft.md": "no title, no list\n",
        "topics/python.md": "# Python\n\n- typing\n- asyncio\n",
        "talkgraph.toml": 'exclude = ["drafts/**"]\n\n[folders]\n"topics" = "topics"\n',
    })
    findings = lint([notes])
    assert not any(f.file.startswith("drafts/") for f in findings)
    assert not any(f.file.startswith("topics/") for f in findings)
