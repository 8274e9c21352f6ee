"""What fenced code blocks say about tools: their language, and the commands they run.

A fence's info string that names a language or format of the vocabulary is a mention of
it (```` ```sql ```` means SQL). In shell fences (```` ```sh ````, ```` ```console ````…, see
schema/tool_evidence.toml) the first word of every command — after a prompt in console
fences, after ``sudo``, ``|``, ``&&`` or ``;`` — is a tool when the vocabulary knows it
and a candidate otherwise, and so are ``python -m X`` modules and the packages of
``pip install X``-like commands. The rest of a code block is not read.
"""

from __future__ import annotations

import re

from ..notes.model import Block
from .evidence import code_settings
from .opentools import looks_like_name
from .records import Mention
from .vocab import Vocabulary

_COMMAND = re.compile(r"^[a-z][a-z0-9._+-]*$")
_SEPARATORS = re.compile(r"\s*(?:&&|\|\||\||;)\s*")
_INSTALLERS = {"install", "add", "pipx", "-m"}
_PREFIXES = {"sudo", "time", "nohup", "exec", "env", "command", "builtin", "doas"}
_LANGUAGE_CATEGORIES = {"language", "format", "protocol"}


def fence_language(info: str) -> str:
    """```` ```{python} title=x ```` -> ``python``."""
    word = info.strip().split()[0] if info.strip() else ""
    return word.strip("{}.").lower()


def fence_mentions(block: Block, vocab: Vocabulary, line_ctx) -> list[Mention]:
    """Mentions read from one code block (only fenced blocks with an info string say anything)."""
    language = fence_language(block.info)
    if not language:
        return []
    settings = code_settings()
    if language in settings["shell_fences"]:
        return _commands(block, language in settings["prompt_fences"], vocab, line_ctx)
    if language in settings["fence_not_language"]:
        return []
    tool = vocab.tool_for_name(language)
    if tool is None or not _LANGUAGE_CATEGORIES & set(tool.categories):
        return []
    ctx = line_ctx(block.line)
    return [Mention(kind="tool", key=tool.id, surface=block.info.split()[0], line=block.line, talk=ctx.talk,
                    section=ctx.section, evidence="code fence")]


def command_lines(block: Block, prompted: bool) -> list[tuple[int, str]]:
    """(file line, command) of each command of a shell fence, prompts and comments removed."""
    prompts = tuple(code_settings()["prompts"])
    out = []
    continued = False
    for index, raw in enumerate(block.text.split("\n")):
        line = raw.strip()
        was_continued, continued = continued, line.endswith("\\")
        if not line or was_continued:
            continue
        if prompted:
            prompt = next((p for p in prompts if line.startswith(p)), None)
            if prompt is None:
                continue  # output of the command above
            line = line[len(prompt) :].strip()
        elif line.startswith("#"):
            continue
        out.append((block.line + 1 + index, line))
    return out


def _commands(block: Block, prompted: bool, vocab: Vocabulary, line_ctx) -> list[Mention]:
    out = []
    for line, command in command_lines(block, prompted):
        for segment in _SEPARATORS.split(command):
            for word in _command_words(segment.split()):
                mention = _command_mention(word, line, vocab, line_ctx)
                if mention is not None:
                    out.append(mention)
    return out


def _command_words(tokens: list[str]) -> list[str]:
    """The program of a command, and what ``python -m X`` or ``pip install X`` names."""
    while tokens and ("=" in tokens[0] or tokens[0] in _PREFIXES):
        tokens = tokens[1:]
    if not tokens:
        return []
    words = [tokens[0]]
    for before, after in zip(tokens, tokens[1:], strict=False):
        if before in _INSTALLERS and not after.startswith("-"):
            words.append(re.split(r"[=<>\[~!]", after, maxsplit=1)[0])
    return words


def _command_mention(word: str, line: int, vocab: Vocabulary, line_ctx) -> Mention | None:
    if not _COMMAND.match(word):
        return None
    ctx = line_ctx(line)
    tool = vocab.tool_for_name(word)
    if tool is None and word in code_settings()["shell_words"]:
        return None
    if tool is not None:
        return Mention(kind="tool", key=tool.id, surface=word, line=line, talk=ctx.talk, section=ctx.section,
                       evidence="shell command")
    if "." in word or not looks_like_name(word):
        return None  # a file (`x.whl`, `script.py`) is no program name
    return Mention(kind="tool", key=word, surface=word, line=line, talk=ctx.talk, section=ctx.section,
                   evidence="shell command", candidate=True, evidences=("shell command",))
