"""Timestamped lines -> clips of the right video, with the deep link of its host."""

from __future__ import annotations

import re

import pytest

from graph.extract import extract_note
from graph.notes import parse_file

from ..conftest import CORPUS, FIXTURES, needs_corpus

LAYOUT = FIXTURES / "layout"
# the grammar of graph.notes.timestamps, written independently: a time at the start of a line
GRAMMAR = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?:\*\*|\()?\[?(?:\d{1,2}:[0-5]\d:[0-5]\d|\d{1,2}:[0-5]\d)(?![\w:])"
)


def record(name: str):
    return extract_note(parse_file(name, (LAYOUT / name).read_text(encoding="utf-8")))


def test_each_timestamp_belongs_to_the_video_of_its_section():
    clips = {c.line: c for c in record("2022-01-22-MULTIPLE-playlist-packaging.md").clips}
    assert clips[16].url == "https://www.youtube.com/watch?v=video000001&t=30s"
    assert clips[17].url == "https://www.youtube.com/watch?v=video000001&t=130s"
    assert clips[23].url == "https://vimeo.com/123456789#t=65s"
    assert (clips[24].seconds, clips[24].text) == (200, "le lock file")
    assert clips[28].video == "https://vimeo.com/123456789"  # a subsection without a video: its section's
    assert not any(c.of_resource for c in clips.values() if c.video)
    # the last section links no video and the note's url is N/A: a clip of the note's video, with no deep link
    assert (clips[32].video, clips[32].url, clips[32].of_resource) == (None, None, True)
    assert clips[16].text == "rappel sur setup.py"


def test_a_meetup_programme_is_not_a_video_but_its_replays_are():
    clips = {c.line: c for c in record("2024-05-03-meetup-python-rennes.md").clips}
    assert sorted(clips) == [20, 21]  # 18:30 accueil and 19:00 are times of day in the programme
    assert clips[20].url == "https://videos.example.org/w/hypo2024?start=300s"
    assert clips[21].video == "https://videos.example.org/w/hypo2024"


def test_a_conference_recorded_as_one_video():
    text = ("# DevDay\n\n- **url** = https://www.youtube.com/watch?v=devday00001\n- **type** = conférence\n\n"
            "## Keynote\n\n- speaker = Ann LEE\n- 00:10:00 the keynote starts\n")
    (clip,) = extract_note(parse_file("2024-01-01-devday.md", text)).clips
    assert (clip.line, clip.url, clip.of_resource) == (9, "https://www.youtube.com/watch?v=devday00001&t=600s", True)


def test_a_video_note_attaches_its_clips_to_itself():
    text = ("# T\n\n- **url** = https://youtu.be/abcdefghijk\n- **type** = vidéo\n\n"
            "## Notes\n\n- 01:00 one\n- 1:01:01 two\n")
    clips = extract_note(parse_file("2024-01-01-t.md", text)).clips
    assert [(c.line, c.seconds, c.url, c.of_resource) for c in clips] == [
        (8, 60, "https://youtu.be/abcdefghijk?t=60", True),
        (9, 3661, "https://youtu.be/abcdefghijk?t=3661", True),
    ]


def test_an_article_with_times_of_day_has_no_clips():
    text = ("# T\n\n- **url** = https://blog.example.org/post\n- **type** = post\n\n"
            "- 10:00 le matin\n- 14:00 l'après-midi\n")
    note = parse_file("2024-01-01-t.md", text)
    assert len(note.timestamps) == 2 and extract_note(note).clips == ()


@needs_corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.md")), ids=lambda p: p.name[:40])
def test_every_timestamped_line_of_a_video_note_is_a_clip(path):
    text = path.read_text(encoding="utf-8")
    rec = extract_note(parse_file(path.name, text))
    if rec.resource.type not in ("video", "talk") and not rec.clips:
        return
    in_code, expected = False, []
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code and GRAMMAR.match(line):
            expected.append(number)
    assert [c.line for c in rec.clips] == expected
    for clip in rec.clips:
        assert clip.url and str(clip.seconds) in clip.url
