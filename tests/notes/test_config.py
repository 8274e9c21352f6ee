"""talkgraph.toml: the user's settings as a frozen value; every problem a warning with its line."""

from __future__ import annotations

import dataclasses

import pytest

from graph.notes.config import NotesConfig, load_config, matches

GOOD = """language = "en"
exclude = ["README.md", "drafts/**"]

[keys]
speaker = ["Presenter", "orateur"]

[folders]
"conferences/*" = "event"
"structured/**" = "topics"

[events."conferences/craft"]
name = "Craft Conference 2016"
date = "2016-04-26/2016-04-29"
"""


def test_no_file_is_the_empty_config(tmp_path):
    config, issues = load_config(tmp_path)
    assert config == NotesConfig() and issues == []
    assert not config.excluded("README.md") and config.role_of("a/b.md") == ""


def test_a_config_is_frozen_and_hashable(tmp_path):
    (tmp_path / "talkgraph.toml").write_text(GOOD, encoding="utf-8")
    config, issues = load_config(tmp_path)
    assert issues == []
    hash(config)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.language = "fr"
    assert config.language == "en"
    assert ("presenter", "speaker") in config.keys
    assert config.excluded("README.md") and config.excluded("conferences/x/README.md")
    assert config.excluded("drafts/a/b.md") and not config.excluded("notes/drafts.md")
    assert config.topic_folders == ("structured/**",)
    assert config.is_topic_note("structured/python/imports.md")
    assert config.declares_event("conferences/craft") and not config.declares_event("conferences/craft/day1")
    assert config.event_of("conferences/craft").name == "Craft Conference 2016"


def test_bad_settings_are_warnings_with_lines(tmp_path):
    (tmp_path / "talkgraph.toml").write_text(
        'langauge = "en"\nlanguage = "english"\n\n[folders]\n"x/*" = "sessions"\n\n[keys]\nspeeker = ["x"]\n',
        encoding="utf-8",
    )
    config, issues = load_config(tmp_path)
    messages = {(i.line, i.message.split(" (")[0].split(":")[0]) for i in issues}
    assert (1, "unknown setting 'langauge'") in messages
    assert any(line == 2 and "two-letter" in i.message for i in issues for line in [i.line])
    assert any(i.line == 5 and "unknown role 'sessions'" in i.message for i in issues)
    assert any(i.line == 8 and "unknown meaning 'speeker'" in i.message for i in issues)
    assert config.folders == () and config.language == ""


def test_invalid_toml_is_a_warning_and_the_defaults(tmp_path):
    (tmp_path / "talkgraph.toml").write_text('language = "en"\nexclude = [\n', encoding="utf-8")
    config, (issue,) = load_config(tmp_path)
    assert config == NotesConfig() and "not valid TOML" in issue.message and issue.path == "talkgraph.toml"


def test_gitignore_patterns():
    assert matches("README.md", "README.md") and matches("README.md", "a/b/README.md")
    assert matches("drafts/**", "drafts/x.md") and not matches("drafts/**", "x/drafts/y.md")
    assert matches("*.tmp.md", "a/b.tmp.md") and not matches("", "a.md")
