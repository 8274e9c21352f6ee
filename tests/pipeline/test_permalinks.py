"""Permalinks on a notes repository made in the test: real git, real commits, a moved line, a rename."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest

from graph import build
from graph.pipeline.permalinks import check_permalinks

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
REMOTE = "git@github.com:someone/notes.git"
BLOB = "https://github.com/someone/notes/blob/"
PERMALINK = re.compile(re.escape(BLOB) + r"(?P<sha>[0-9a-f]{40})/(?P<path>[^#]+)(?:#L(?P<line>\d+))?$")
TALK = """# Testing with pytest

- **url** = https://www.youtube.com/watch?v=pytest00001
- **type** = vidéo
- **auteur** = [Ann LEE](https://ann.example.org)
- **date de publication** = 2023-05-01
- **source** = N/A
- **tags** = language>python ; topic>testing

## Notes

- 01:10 fixtures in pytest are plain functions
- 02:30 parametrize with hypothesis strategies
- 04:00 mutation testing with mutmut
- the end: coverage with coverage.py
"""


def sh(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "n", "GIT_AUTHOR_EMAIL": "n@example.org", "GIT_COMMITTER_NAME": "n",
           "GIT_COMMITTER_EMAIL": "n@example.org", "HOME": str(repo.parent), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str) -> str:
    sh(repo, "add", "-A")
    sh(repo, "commit", "-q", "-m", message)
    return sh(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "notes"
    (root / "structured").mkdir(parents=True)
    sh(root, "init", "-q", "-b", "main")
    sh(root, "remote", "add", "origin", REMOTE)
    (root / "2023-05-02-testing-with-pytest.md").write_text(TALK, encoding="utf-8")
    (root / "structured" / "outils é.md").write_text("* [pytest](#pytest)\n* [tox](#tox)\n\n# pytest\n\npytest est"
                                                     " lancé par tox.\n\n# tox\n\ntox crée les venvs.\n")
    commit(root, "first notes")
    return root


def note_graphs(out: Path) -> dict[str, set]:
    graphs: dict[str, set] = {}
    for quad in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        if "/note/" in quad.graph_name.value:
            graphs.setdefault(quad.graph_name.value, set()).add((quad.subject, quad.predicate, quad.object))
    return graphs


def permalinks(out: Path) -> list[tuple[str, str, str]]:
    """(subject, permalink, tg:text or '') of every node with a permalink."""
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query("""PREFIX tg: <https://w3id.org/talkgraph/ns#>
        SELECT ?s ?p ?t WHERE { GRAPH ?g { ?s tg:permalink ?p OPTIONAL { ?s tg:text ?t } } }""")
    return [(r["s"].value, r["p"].value, r["t"].value if r["t"] else "") for r in rows]


def line_at(repo: Path, url: str) -> str:
    m = PERMALINK.match(url)
    assert m, url
    return sh(repo, "show", f"{m['sha']}:{unquote(m['path'])}").split("\n")[int(m["line"] or 1) - 1]


def test_every_permalink_shows_its_line_at_the_last_commit_of_its_file(repo, tmp_path):
    first = sh(repo, "rev-parse", "HEAD").strip()
    talk = repo / "2023-05-02-testing-with-pytest.md"
    talk.write_text(TALK.replace("## Notes\n", "## Notes\n\nA line added above the others.\n"), encoding="utf-8")
    moved = commit(repo, "a line moves the notes down")
    result = build(repo, tmp_path / "out", incremental=False, jobs=1)
    assert result.repository == "github.com/someone/notes" and not result.warnings
    links = permalinks(tmp_path / "out")
    mentions = [(s, p, t) for s, p, t in links if t]
    assert len(mentions) > 8
    for _subject, url, text in mentions:
        assert text.casefold() in line_at(repo, url).casefold()
    shas = {PERMALINK.match(url)["path"]: PERMALINK.match(url)["sha"] for _, url, _ in links}
    assert shas == {"2023-05-02-testing-with-pytest.md": moved, "structured/outils%20%C3%A9.md": first}
    clips = [url for s, url, _ in links if s.endswith(".clip")]
    assert len(clips) == 3 and all(line_at(repo, u).startswith("- 0") for u in clips)
    notes = [url for s, url, _ in links if s.endswith("testing-with-pytest")]
    assert notes == [f"{BLOB}{moved}/2023-05-02-testing-with-pytest.md#L1"]


def test_an_unrelated_commit_changes_no_note_graph(repo, tmp_path):
    build(repo, tmp_path / "before", incremental=False, jobs=1)
    (repo / "2023-06-01-other.md").write_text(TALK.replace("pytest00001", "other000001"), encoding="utf-8")
    commit(repo, "another note")
    build(repo, tmp_path / "after", incremental=False, jobs=1)
    before, after = note_graphs(tmp_path / "before"), note_graphs(tmp_path / "after")
    assert set(after) - set(before) == {"https://w3id.org/talkgraph/id/note/2023-06-01-other"}
    assert all(before[name] == after[name] for name in before)


def test_uncommitted_lines_get_no_permalink_and_a_warning(repo, tmp_path):
    talk = repo / "2023-05-02-testing-with-pytest.md"
    lines = TALK.split("\n")
    lines[12] = "- 02:30 parametrize, edited: hypothesis and pytest"  # line 13 changed
    lines.insert(0, "<!-- draft -->")  # everything below moves down by one
    talk.write_text("\n".join(lines), encoding="utf-8")
    (repo / "2023-07-01-untracked.md").write_text(TALK, encoding="utf-8")
    result = build(repo, tmp_path / "out", incremental=False, jobs=1)
    warnings = {(w.path, w.line): w.message for w in result.warnings}
    assert warnings[("2023-05-02-testing-with-pytest.md", 1)].startswith("uncommitted changes on lines 1, 14")
    assert "not committed" in warnings[("2023-07-01-untracked.md", None)]
    links = permalinks(tmp_path / "out")
    by_line = {int(s.rsplit("#L", 1)[1].split(".")[0]): (url, text) for s, url, text in links
               if "testing-with-pytest#L" in s and text}
    assert 14 not in by_line and 13 in by_line and 15 in by_line
    for url, text in by_line.values():
        assert text.casefold() in line_at(repo, url).casefold()  # the committed line, one above
        assert url.endswith(f"#L{int(url.rsplit('#L', 1)[1])}")
    assert not any("untracked" in s for s, _, _ in links)
    for n in range(11):  # a folder of many notes that git does not track: one warning for them all
        (repo / f"2023-07-{n + 2:02d}-generated.md").write_text(TALK, encoding="utf-8")
    many = build(repo, tmp_path / "many", incremental=False, jobs=1, writers=["report"])
    untracked = [w.message for w in many.warnings if "not committed" in w.message]
    assert untracked == ["12 notes are not committed to git (2023-07-01-untracked.md, 2023-07-02-generated.md, "
                         "2023-07-03-generated.md, …): no permalinks for them"]


def test_no_permalinks_without_a_forge_or_when_asked(repo, tmp_path):
    sh(repo, "remote", "set-url", "origin", "https://git.example.org/someone/notes.git")
    result = build(repo, tmp_path / "out", incremental=False, jobs=1)
    assert permalinks(tmp_path / "out") == []
    assert any("not on a forge talkgraph knows" in w.message for w in result.warnings)
    sh(repo, "remote", "set-url", "origin", str(tmp_path))  # a clone of a folder on this machine
    result = build(repo, tmp_path / "local", incremental=False, jobs=1)
    assert permalinks(tmp_path / "local") == [] and not result.warnings
    sh(repo, "remote", "set-url", "origin", "https://gitlab.com/group/sub/notes.git")
    build(repo, tmp_path / "gitlab", incremental=False, jobs=1)
    gitlab = permalinks(tmp_path / "gitlab")
    assert gitlab and all(url.startswith("https://gitlab.com/group/sub/notes/-/blob/") for _, url, _ in gitlab)
    build(repo, tmp_path / "off", incremental=False, jobs=1, permalinks=False)
    assert permalinks(tmp_path / "off") == []


def test_permalinks_check_follows_history_and_fixes_the_moved_ones(repo):
    talk = "2023-05-02-testing-with-pytest.md"
    first = sh(repo, "rev-parse", "HEAD").strip()
    ref = f"{BLOB}{first}/{talk}"
    (repo / "2023-08-01-index.md").write_text(
        "# Index\n\n"
        f"- [the title]({ref}#L1) stays where it was\n"
        f"- [fixtures]({ref}#L12) moves down\n"
        f"- [parametrize]({ref}#L13) is edited\n"
        f"- [mutmut]({ref}#L14) is deleted\n"
        f"- [the whole note]({ref})\n"
        f"- [tox]({BLOB}{first}/structured/outils%20%C3%A9.md#L10) is in a renamed file\n"
        f"- [nowhere]({BLOB}{'0' * 40}/{talk}#L1) is not a commit of this repository\n"
        f"- [elsewhere](https://github.com/another/repo/blob/{first}/{talk}#L1) is not this repository\n",
        encoding="utf-8",
    )
    lines = TALK.split("\n")
    lines[12] = "- 02:30 parametrize tests with hypothesis strategies"
    del lines[13]
    lines.insert(9, "Watched twice.")
    (repo / talk).write_text("\n".join(lines), encoding="utf-8")
    sh(repo, "mv", "structured/outils é.md", "structured/outils.md")
    last = commit(repo, "edit, move and rename")
    report = check_permalinks([repo])
    status = {link.line: (link.status, link.proposal) for link in report.permalinks}
    assert report.repository == "github.com/someone/notes"
    assert status[3] == ("up to date", f"{BLOB}{last}/{talk}#L1")
    assert status[4] == ("moved", f"{BLOB}{last}/{talk}#L13")
    assert status[5][0] == "changed" and status[6][0] == "gone"
    assert status[7] == ("up to date", f"{BLOB}{last}/{talk}")
    assert status[8] == ("moved", f"{BLOB}{last}/structured/outils.md#L10")
    assert status[9][0] == "unknown commit" and 10 not in status
    assert {link.line for link in report.blocking} == {4, 5, 6, 8, 9}
    fixed = check_permalinks([repo / "2023-08-01-index.md"], fix=True)
    assert fixed.fixed == ["2023-08-01-index.md"] and {link.line for link in fixed.blocking} == {5, 6, 9}
    again = {link.line: link.status for link in check_permalinks([repo]).permalinks}
    assert again == {3: "up to date", 4: "up to date", 5: "changed", 6: "gone", 7: "up to date", 8: "up to date",
                     9: "unknown commit"}
    text = (repo / "2023-08-01-index.md").read_text(encoding="utf-8")
    assert f"{BLOB}{last}/{talk}#L13) moves down" in text and f"({ref}#L13) is edited" in text


def test_the_entity_graph_carries_each_mention_permalink_and_clip(repo, tmp_path):
    from graph import network_of

    result = build(repo, tmp_path / "out", incremental=False, jobs=1)
    g, _ = network_of(result)
    mentions = g.nodes["https://w3id.org/talkgraph/tool/mutmut"]["mentions"]
    (row,) = [m for m in mentions if m["file"] == "2023-05-02-testing-with-pytest.md"]
    assert row["line"] == 14 and line_at(repo, row["permalink"]).startswith("- 04:00 mutation testing")
    assert row["clip"] == {"url": "https://www.youtube.com/watch?v=pytest00001&t=240s", "start": 240}
    coverage = g.nodes["https://w3id.org/talkgraph/tool/coverage-py"]["mentions"]
    assert all("clip" not in m and m["permalink"].endswith("#L15") for m in coverage)
    note = g.nodes["https://w3id.org/talkgraph/id/note/2023-05-02-testing-with-pytest"]
    assert any(link.startswith(BLOB) for link in note["links"])
