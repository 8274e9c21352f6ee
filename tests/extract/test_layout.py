"""Which layout a note in someone else's conventions follows, with a hand-made context; bad input never breaks it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.extract import extract_note
from graph.extract.context import FolderEvent, NoteContext
from graph.extract.folders import folder_name_event, readme_event
from graph.notes import parse_note

CRAFT = NoteContext(event=folder_name_event("craft-2016"))


def record(text: str, context: NoteContext | None = None, path: str = "craft-2016/talk.md"):
    return extract_note(parse_note(path, text), context)


def test_a_talk_with_only_a_speaker_page_in_a_folder_per_conference():
    talk = record("# The Technical Debt Trap\n\nhttp://conf.example/speaker/DocNorton\n\n- notes\n", CRAFT).resource
    assert talk.is_talk and talk.super_event.name == "Craft 2016" and talk.authors[0].name == "Doc Norton"
    assert talk.super_event.key == "craft-2016"


def test_a_section_that_looks_like_a_name_further_down_is_a_section():
    text = "# Great Product Teams\n\n- a point\n- another\n\n## Work Environment\n\n- open plan offices\n"
    talk = record(text, CRAFT).resource
    assert talk.is_talk and talk.authors == ()


def test_a_day_file_shares_its_folders_event_and_names_it():
    text = "# OSCON EU - Day 1\n## Keynote\n### Talk One\n**Ann Lee (Acme)**\n\n- x\n\n### Talk Two\n**Bo Chen**\n"
    found = record(text, NoteContext(event=folder_name_event("OSCONEU-2015")), "OSCONEU-2015/day1.md")
    event = found.resource.event
    assert (event.name, event.key) == ("OSCON EU 2015", "OSCONEU-2015")
    assert "OSCONEU 2015" in event.alternate_names
    assert [t.title for t in found.talks] == ["Talk One", "Talk Two"]
    assert found.title == "OSCON EU - Day 1"  # the note keeps its own name; its resource is the event


def test_a_file_per_conference_outside_any_event_folder_is_its_own_event():
    text = "# PyCon Example 2019\n\n## Day 1\n\n### Async All The Way\n\n- speaker: Ann Lee\n\n- notes\n"
    found = record(text, NoteContext(), "pycon.md")
    assert found.resource.event.name == "PyCon Example 2019" and found.resource.event.key is None
    assert [(t.title, [s.name for s in t.speakers]) for t in found.talks] == [("Async All The Way", ["Ann Lee"])]


def test_a_readme_that_is_no_event_and_one_with_a_bad_date():
    plain = parse_note("notes/README.md", "# conference-notes\n\nMy notes.\n")
    assert readme_event("notes", plain) == (None, [])
    bad = parse_note("devdays/README.md", "# DevDays (Marhc 9-11, 2018)\n")
    event, (issue,) = readme_event("devdays", bad)
    assert event.name == "DevDays" and event.start_date is None
    assert (issue.path, issue.line) == ("devdays/README.md", 1) and "not a date" in issue.message


def test_a_note_of_the_authors_convention_ignores_the_folder():
    text = "# Talk\n\n- **url** = https://x.example\n- **type** = talk\n- **auteur** = Ann LEE\n"
    talk = record(text, CRAFT).resource
    assert talk.super_event is None and talk.is_talk  # read as it always was


def test_no_warning_for_what_other_conventions_lack():
    found = record("## Webgl for graphics\n\n### Nicolas Belmonte\n\nNo notes recorded.\n", CRAFT)
    assert found.issues == () and found.resource.authors[0].name == "Nicolas Belmonte"


markdownish = st.lists(
    st.one_of(
        st.sampled_from(["---\n", "+++\n", "title: ", "speaker: ", "speakers:\n  - ", "event: ", "tags: [", "]",
                         "speaker:: ", "[[", "]]", "|", "#tag ", "# ", "## ", "### ", "### A. ", "## Day 1\n",
                         "**Jane Doe (Acme)**\n", '"Title" by ', "Jane Doe, Staff Engineer, Acme Corp\n",
                         "https://conf.example/speaker/JaneDoe\n", "- [Talk](talk.md) by Bo\n", "(", ")", "\n",
                         "\n\n", "\t", "&", ": ", "::", "\x00", "\u202e"]),
        st.text(max_size=20),
    ),
    max_size=50,
).map("".join)
README = FolderEvent(key="conf-2020", name="Conf 2020", strength="readme", source="conf-2020/README.md", line=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish, st.sampled_from([NoteContext(), CRAFT, NoteContext(event=README, readme=True)]))
def test_generated_notes_in_other_conventions_never_break_extraction(text, context):
    path = "conf-2020/README.md" if context.readme else "craft-2016/gen.md"
    note = parse_note(path, text)
    found = extract_note(note, context)
    lines = max(note.line_count, 1) + 1
    assert all(1 <= m.line <= lines for m in found.mentions)
    assert all(1 <= t.line <= lines for t in found.talks)
    assert all(i.line is None or 1 <= i.line <= lines for i in found.issues)
    speakers = [*found.resource.authors, *(s for t in found.talks for s in t.speakers)]
    assert all(1 <= p.line <= lines for p in speakers)


def test_schedule_times_before_titles_and_the_city_of_the_intro():
    text = ("# DevOpsDays Example 2021\n\nTwo days in Ghent.\n\n## Day 1\n\n### 10:30 — Observability Is a Team Sport\n"
            "*Speaker: Karla Diaz (Honeycomb)*\n\n- SLOs\n\n### 11:15 - Terraform at Scale\n"
            "Speaker: Viktor Ivanov, Principal SRE, Cloudly\n\n- modules\n")
    found = record(text, NoteContext(), "devopsdays.md")
    assert found.resource.event.place.name == "Ghent"
    assert [(t.title, people[0].name, people[0].job_title) for t in found.talks for people in [t.speakers]] == [
        ("Observability Is a Team Sport", "Karla Diaz", None), ("Terraform at Scale", "Viktor Ivanov", "Principal SRE")]


def _warnings(found) -> list[tuple[int, str]]:
    return [(issue.line, issue.message) for issue in found.issues]


def test_a_list_given_for_a_title_keeps_its_first_with_a_warning():
    found = record("---\ntitle: [Fast Tests, Slow Builds]\nspeaker: Ann Lee\n---\n\n- notes\n", CRAFT)
    assert found.resource.title == "Fast Tests"
    assert any(line == 2 and "'title' has 2 values ('Fast Tests', 'Slow Builds')" in message
               for line, message in _warnings(found))


def test_a_speaker_item_without_a_name_is_left_out_with_a_warning_and_a_list_of_companies_is_kept():
    text = ("---\ntitle: Fast Tests\nspeakers:\n  - {name: null, company: [Acme]}\n"
            "  - {name: Ann Lee, company: [Acme, Initech]}\n---\n\n- notes\n")
    found = record(text, CRAFT)
    assert [(a.name, [o.name for o in a.affiliations]) for a in found.resource.authors] == [
        ("Ann Lee", ["Acme", "Initech"])]
    assert (4, "an item of 'speakers' has an empty name: left out") in _warnings(found)


def test_a_day_that_is_no_day_of_the_calendar_keeps_its_month_with_a_warning():
    found = record("# Fast Tests\n\nspeaker:: Ann Lee\ndate:: 2020-02-30\n\n- notes\n", CRAFT)
    assert (4, "'2020-02-30' is no day of the calendar: the date is kept as 2020-02") in _warnings(found)
    quoted = record('---\ntitle: T\ndate: "2021-04-31"\n---\n\n- notes\n', CRAFT)
    assert (3, "'2021-04-31' is no day of the calendar: the date is kept as 2021-04") in _warnings(quoted)
    plain = record('---\ntitle: T\ndate: 2021-04-31\n---\n\n- notes\n', CRAFT)  # YAML's reader says it once
    assert [line for line, _ in _warnings(plain)].count(3) == 1
