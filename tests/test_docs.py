"""The README is the user's manual, so it is checked like code.

- every command and every option of the CLI is named in it;
- every public name of ``graph.__all__`` is named in its Python API section;
- each ```python block of that section runs, and prints exactly the ```text block that
  follows it;
- each ``$ talkgraph query|validate|lint|explain …`` session of a ```text block, run over
  the examples' build as ``out`` and the repository's own files, prints what follows it.

When an output changes on purpose, rewrite those blocks with

      python -m tests.test_docs

and review the diff of README.md.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click
import pytest
import typer.main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
PAIR = re.compile(r"```python\n(?P<code>.*?)```\n\n```text\n(?P<out>.*?)```", re.S)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def api_section(text: str) -> str:
    start = text.index("\n## Python API")
    end = text.index("\n## ", start + 10)
    return text[start:end]


def commands() -> dict[str, click.Command]:
    """Every command by the words that run it (``build``, ``permalinks check``)."""
    from graph.cli import app

    found: dict[str, click.Command] = {}
    pending = list(typer.main.get_command(app).commands.items())
    while pending:
        name, command = pending.pop()
        if isinstance(command, click.Group):
            pending.extend((f"{name} {sub}", c) for sub, c in command.commands.items())
        else:
            found[name] = command
    return found


def test_every_command_is_documented():
    text = readme()
    missing = [name for name in commands() if f"talkgraph {name}" not in text]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_option_is_documented():
    text = readme()
    missing = []
    for name, command in commands().items():
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            flags = [f for f in [*param.opts, *param.secondary_opts] if f.startswith("--") and f != "--help"]
            if flags and not any(f"`{flag}" in text or f"/{flag}" in text or f"{flag}`" in text for flag in flags):
                missing.append(f"{name} {'/'.join(flags)}")
    assert "--version" in text
    assert not missing, f"options missing from README.md: {missing}"


def test_public_api_is_documented():
    import graph

    section = api_section(readme())
    missing = [name for name in graph.__all__ if f"`{name}" not in section]
    assert not missing, f"public names missing from the README's Python API section: {missing}"
    for name in graph.__all__:
        assert getattr(graph, name) is not None


def run_blocks(text: str, workdir: Path) -> list[tuple[re.Match, str]]:
    """Run every python/text pair of the API section in one namespace, inside ``workdir``."""
    shutil.copytree(EXAMPLES, workdir / "examples")
    namespace: dict = {"__name__": "__readme__"}
    results = []
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        for match in PAIR.finditer(api_section(text)):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(match["code"], "README.md", "exec"), namespace)  # noqa: S102 - our own manual
            results.append((match, buffer.getvalue()))
    finally:
        os.chdir(previous)
    return results


def test_python_api_examples_print_what_the_readme_says(tmp_path):
    results = run_blocks(readme(), tmp_path)
    assert len(results) >= 8
    for match, printed in results:
        assert printed == match["out"], f"README block prints otherwise:\n{match['code']}"


# a session over notes of its own (shown just above it in the README) follows this comment, and is not run
OWN_NOTES = "<!-- a session over the notes shown above, not over examples/ -->"
TEXT_BLOCK = re.compile(r"(?<!" + re.escape(OWN_NOTES) + r"\n)```text\n(\$ talkgraph .*?)```", re.S)
SESSION_COMMANDS = ("query", "validate", "lint", "explain")


def sessions(text: str) -> list[tuple[str, str, str]]:
    """Each ``$ talkgraph …`` command of the README's text blocks that reads only the repository and
    ``out``: (the block, the command as written, the output it shows)."""
    found = []
    for block in TEXT_BLOCK.finditer(text):
        lines, index = block[1].split("\n"), 0
        while index < len(lines):
            command, index = lines[index], index + 1
            while not _complete(command) and index < len(lines):  # a quoted query over several lines
                command, index = command + "\n" + lines[index], index + 1
            start = index
            while index < len(lines) and not lines[index].startswith("$ "):
                index += 1
            found.append((block[1], command, "\n".join(lines[start:index])))
    return [(block, command, shown) for block, command, shown in found if _runnable(command)]


def _complete(command: str) -> bool:
    try:
        shlex.split(command)
    except ValueError:
        return False
    return True


def _runnable(command: str) -> bool:
    words = shlex.split(command.removeprefix("$ "))
    if len(words) < 2 or words[0] != "talkgraph" or words[1] not in SESSION_COMMANDS:
        return False
    paths = [w for w in words[2:] if not w.startswith("-") and ("/" in w or w in ("examples", "out"))
             and not w.lstrip().upper().startswith(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX"))]
    return all(w == "out" or (not w.startswith("..") and (ROOT / w).exists()) for w in paths)


def run_session(command: str, out: Path) -> str:
    """What the command prints (stdout, then stderr), run in a folder where ``out`` is the examples' build."""
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        for name in ("examples", "schema", "tests"):
            (workdir / name).symlink_to(ROOT / name)
        (workdir / "out").symlink_to(out)
        env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
        run = subprocess.run([sys.executable, "-m", "graph", *shlex.split(command.removeprefix("$ "))[1:]],
                             capture_output=True, text=True, cwd=workdir, env=env, timeout=120)
    return "\n".join(line.rstrip() for line in (run.stdout + run.stderr).rstrip("\n").split("\n"))


def test_cli_sessions_print_what_the_readme_says(examples_build):
    found = sessions(readme())
    assert len(found) >= 8
    for _, command, shown in found:
        printed = run_session(command, examples_build.out_dir)
        assert printed == "\n".join(line.rstrip() for line in shown.rstrip("\n").split("\n")), command


def update(workdir: Path) -> None:
    from graph import build

    text = readme()
    section = api_section(text)
    new_section = section
    for match, printed in run_blocks(text, workdir):
        new_section = new_section.replace(match.group(0), f"```python\n{match['code']}```\n\n```text\n{printed}```")
    text = text.replace(section, new_section)
    out = build(EXAMPLES, workdir / "sessions-out").out_dir
    for block, command, shown in sessions(text):
        printed = run_session(command, out)
        printed += "\n" if shown.endswith("\n") else ""  # the block's last output ends its line
        text = text.replace(block, block.replace(f"{command}\n{shown}", f"{command}\n{printed}", 1), 1)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        update(Path(folder))
    print("README.md: Python API outputs rewritten; review `git diff README.md`", file=sys.stderr)
elif not EXAMPLES.is_dir():
    pytest.skip("examples/ is missing", allow_module_level=True)


def test_the_vocabulary_sizes_the_readmes_give_are_those_of_tools_ttl():
    """Counted in the compiled vocabulary, so a new table row cannot leave the manual behind."""
    tools = (ROOT / "schema" / "tools.ttl").read_text(encoding="utf-8")
    software, specifications = tools.count(" a schema:SoftwareApplication"), tools.count(" a tg:Specification")
    said = f"{software:,}".replace(",", " ") + " reviewed"
    for path in (README, ROOT / "schema" / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert said in text and f"{specifications} protocols and formats" in text, path.name
