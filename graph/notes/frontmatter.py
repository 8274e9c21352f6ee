"""Front matter: the YAML (``---``) or TOML (``+++``) block some editors put before the text.

Obsidian, Jekyll and Hugo notes keep their metadata there (``title``, ``date``, ``tags``,
``speaker``…). It is parsed with PyYAML (or ``tomllib``) into :class:`Field` values with the
file line of each key and list item, and its lines are blanked in the text handed to the
Markdown parser, so the line numbers of everything after it stay those of the file and the
fences are never read as a heading or a rule. Front matter that does not parse is a
warning with its line; the note is read all the same.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from ..util.text import clip, collapse_space, fold
from .model import Field, Issue

MAX_LINES = 400  # an opening fence without a closing one within this many lines is a rule, not front matter
MAX_FIELDS = 500  # a bound on what one front matter may yield (YAML aliases can nest exponentially)
_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_WIKILINK = re.compile(r"\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    fields: tuple[Field, ...]
    issues: tuple[Issue, ...]
    span: tuple[int, int] | None  # first and last line (the fences), or None
    body: str  # the source with the front matter lines emptied


def split_front_matter(path: str, source: str) -> FrontMatter:
    """The front matter at the very top of ``source`` (if any) and the text left for Markdown."""
    lines = source.split("\n")
    opening = lines[0].strip() if lines else ""
    if opening not in _FENCES:
        return FrontMatter((), (), None, source)
    kind, closers = _FENCES[opening]
    end = next((i for i in range(1, min(len(lines), MAX_LINES)) if lines[i].strip() in closers), None)
    if end is None:
        if kind == "yaml" and len(lines) > 1 and not _looks_like_yaml(lines[1]):
            return FrontMatter((), (), None, source)  # a thematic break at the top, not front matter
        issue = Issue(path, 1, f"front matter opened on line 1 is never closed with '{closers[0]}': read as text")
        return FrontMatter((), (issue,), None, source)
    if kind == "yaml" and not any(_looks_like_yaml(line) for line in lines[1:end]):
        return FrontMatter((), (), None, source)  # two rules around text ("---", "# Title", "---"): Markdown
    text = "\n".join(lines[1:end])
    fields, issues = (_yaml_fields if kind == "yaml" else _toml_fields)(path, text)
    body = "\n".join([""] * (end + 1) + lines[end + 1 :])
    return FrontMatter(tuple(fields), tuple(issues), (1, end + 1), body)


def _looks_like_yaml(line: str) -> bool:
    return bool(re.match(r"^\s*[\w\"'-][^:]*:(\s|$)", line))


def _yaml_fields(path: str, text: str) -> tuple[list[Field], list[Issue]]:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency; a broken install still reads the note
        return [], [Issue(path, 1, "front matter not read: PyYAML is not installed")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = collapse_space(str(getattr(exc, "problem", None) or exc))[:80]
        return [], [
            Issue(path, line, f"front matter is not valid YAML ({problem}): ignored, the note is read without it")
        ]
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        return [], [Issue(path, 2, "front matter is not a list of `key: value` pairs: ignored")]
    walker = _YamlWalker(path, yaml)
    walker.mapping(node, "")
    return walker.fields, walker.issues


class _YamlWalker:
    """Composed YAML nodes -> fields, each with the line of its key or list item."""

    def __init__(self, path: str, yaml: Any):
        self.path = path
        self.yaml = yaml
        self.loader = yaml.SafeLoader("")
        self.fields: list[Field] = []
        self.issues: list[Issue] = []

    def line(self, node: Any) -> int:
        return node.start_mark.line + 2  # the opening fence is line 1

    def scalar(self, node: Any) -> str:
        try:
            value = self.loader.construct_object(node, deep=True)
        except self.yaml.YAMLError:
            value = node.value
        except (ValueError, OverflowError) as exc:  # PyYAML's own readers: a date such as 2019-02-30
            self.issues.append(Issue(self.path, self.line(node),
                                     f"value '{clip(str(node.value), 60)}' cannot be read ({exc}): kept as text"))
            value = node.value
        return _text(value)

    def mapping(self, node: Any, prefix: str) -> None:
        for key_node, value_node in node.value:
            if len(self.fields) >= MAX_FIELDS:
                self.issues.append(
                    Issue(
                        self.path,
                        self.line(key_node),
                        f"front matter has over {MAX_FIELDS} values: the rest is ignored",
                    )
                )
                return
            if not isinstance(key_node, self.yaml.ScalarNode):
                continue
            raw_key = f"{prefix}{key_node.value}"
            self.value(value_node, raw_key, self.line(key_node))

    def value(self, node: Any, raw_key: str, line: int) -> None:
        yaml = self.yaml
        if isinstance(node, yaml.ScalarNode):
            self.add(raw_key, self.scalar(node), line)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value[:MAX_FIELDS]:
                if isinstance(item, yaml.MappingNode):
                    self.add_parts(raw_key, item)
                elif isinstance(item, yaml.ScalarNode):
                    self.add(raw_key, self.scalar(item), self.line(item))
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, raw_key + ".")

    def add(self, raw_key: str, value: str, line: int, parts: tuple[tuple[str, str], ...] = ()) -> None:
        if len(self.fields) < MAX_FIELDS and (value or parts):
            self.fields.append(make_field(raw_key, value, line, "yaml", parts=parts))

    def add_parts(self, raw_key: str, node: Any) -> None:
        """``- {name: Jane Doe, company: Acme}``: one field, its value the name, the pairs in ``parts``.

        A list inside the item (``company: [Acme, Initech]``) gives a pair per value; an item
        whose ``name`` is empty names no one: a warning, and it is left out.
        """
        yaml = self.yaml
        parts = []
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                continue
            if isinstance(v, yaml.ScalarNode):
                parts.append((fold(k.value), self.scalar(v)))
            elif isinstance(v, yaml.SequenceNode):  # a pair per item: company: [Acme, Initech]
                parts += [(fold(k.value), self.scalar(i)) for i in v.value[:MAX_FIELDS]
                          if isinstance(i, yaml.ScalarNode)]
        named = dict(parts)
        if "name" in named and not named["name"]:
            self.issues.append(Issue(self.path, self.line(node), f"an item of '{raw_key}' has an empty name: left out"))
            return
        value = named.get("name") or (parts[0][1] if parts else "")
        self.add(raw_key, value, self.line(node), tuple(parts))


def _toml_fields(path: str, text: str) -> tuple[list[Field], list[Issue]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = 1 + int(m.group(1)) if m else 1
        return [], [
            Issue(path, line,
                  f"front matter is not valid TOML ({clip(str(exc), 80)}): ignored, the note is read without it")
        ]
    key_lines = {}
    for index, raw_line in enumerate(text.split("\n")):
        m = re.match(r"^\s*([\w.\"'-]+)\s*=", raw_line)
        if m:
            key_lines.setdefault(m.group(1).strip("\"'"), index + 2)
    fields: list[Field] = []
    issues: list[Issue] = []
    for key, value in data.items():
        line = key_lines.get(key, 2)
        items = value if isinstance(value, list) else [value]
        for item in items[:MAX_FIELDS]:
            if isinstance(item, dict):
                parts = tuple((fold(str(k)), _text(i)) for k, v in item.items() if not isinstance(v, dict)
                              for i in (v if isinstance(v, list) else [v]) if not isinstance(i, (dict, list)))
                named = dict(parts)
                if "name" in named and not named["name"]:
                    issues.append(Issue(path, line, f"an item of '{key}' has an empty name: left out"))
                    continue
                fields.append(
                    make_field(key, named.get("name") or (parts[0][1] if parts else ""), line, "toml", parts=parts)
                )
            elif not isinstance(item, list):
                fields.append(make_field(key, _text(item), line, "toml"))
    return [f for f in fields if f.value or f.parts][:MAX_FIELDS], issues


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if not (value.hour or value.minute) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def make_field(raw_key: str, raw: str, line: int, origin: str, *, parts: tuple[tuple[str, str], ...] = ()) -> Field:
    """A :class:`Field` from a key and its value as written: plain text, link targets and bare URLs."""
    urls = [m.group(2) for m in _LINK.finditer(raw)]
    urls += [m.group(0) for m in _BARE_URL.finditer(_LINK.sub(" ", raw))]
    plain = _WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), raw)
    plain = _LINK.sub(lambda m: m.group(1), plain)
    plain = collapse_space(re.sub(r"(?<!\w)[*_`]+|[*_`]+(?!\w)", "", plain))
    key = collapse_space(fold(raw_key.strip().strip("*_").strip()))
    return Field(
        key=key,
        raw_key=raw_key.strip(),
        value=plain,
        line=line,
        origin=origin,
        raw=raw,
        urls=tuple(dict.fromkeys(urls)),
        parts=parts,
    )
