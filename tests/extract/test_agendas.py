"""Conference notes that list their talks as headings with a dash or as an agenda of list items."""

from __future__ import annotations

from graph.extract import extract_note
from graph.extract.context import NoteContext
from graph.extract.folders import folder_name_event
from graph.extract.talknotes import split_title
from graph.notes import parse_note

SUMMIT = NoteContext(event=folder_name_event("dataconf-2025"))


def record(text: str, context: NoteContext | None = None, path: str = "dataconf-2025/day-1.md"):
    return extract_note(parse_note(path, text), context)


def talks_of(found) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    return [(t.title, [(p.name, tuple(o.name for o in p.affiliations)) for p in t.speakers]) for t in found.talks]


def test_a_heading_names_its_speaker_after_a_dash():
    assert split_title("Streaming Joins Explained — Ada Park, Northwind") == (
        "Streaming Joins Explained", "Ada Park, Northwind", "Title — Speaker, Company")
    assert split_title("Closing Keynote – Dr. Ines Varga (Open Data Institute)")[:2] == (
        "Closing Keynote", "Dr. Ines Varga (Open Data Institute)")
    assert split_title("Schema Evolution | Tom Reyes and Lia Moreau")[1] == "Tom Reyes and Lia Moreau"


def test_a_dash_before_a_subtitle_or_a_day_is_no_speaker():
    for heading in ("Kafka — Under The Hood", "DataConf 2025 - Day 2", "Parquet - un format en colonnes",
                    "Search at Scale - Lessons Learned"):
        assert split_title(heading) == (heading, None, ""), heading


def test_an_honorific_is_not_part_of_the_name():
    text = ("# DataConf 2025\n\n### Closing Keynote – Dr. Ines Varga (Open Data Institute)\n\n- open data\n\n"
            "### Streaming Joins Explained — Ada Park, Northwind\n\n- Flink and Kafka Streams\n")
    assert talks_of(record(text, SUMMIT)) == [
        ("Closing Keynote", [("Ines Varga", ("Open Data Institute",))]),
        ("Streaming Joins Explained", [("Ada Park", ("Northwind",))]),
    ]


def test_an_agenda_of_list_items_with_notes_nested_under_each():
    text = ("# DataConf 2025\n\nThe talks I saw:\n\n"
            "- **Lakehouse Without Tears** by Omar Haddad (@omarh), Quarry Labs\n"
            "  - Iceberg tables on object storage\n"
            "  - DuckDB for the small queries\n"
            "- **Testing Data Pipelines** — Wen Zhao (Blue Finch)\n"
            "  - Great Expectations in CI\n")
    found = record(text, SUMMIT)
    assert found.resource.event is not None and found.resource.event.name == "DataConf 2025"
    assert talks_of(found) == [
        ("Lakehouse Without Tears", [("Omar Haddad", ("Quarry Labs",))]),
        ("Testing Data Pipelines", [("Wen Zhao", ("Blue Finch",))]),
    ]
    first, second = found.talks
    assert (first.line, first.end_line, second.line, second.end_line) == (5, 7, 8, 9)  # nested notes belong to it
    tools = {m.key for m in found.mentions if m.kind == "tool" and m.talk == "Lakehouse Without Tears"}
    assert "duckdb" in tools


def test_a_numbered_agenda_reads_the_first_line_of_each_item():
    text = ('# Data Meetup Lyon — March 2025\n\nTalks:\n\n'
            '1. "Polars in Production" — Chloe Martin (Datalyon)\n   Lazy frames, and a word on pandas.\n'
            '2. "Typing Notebooks" — Hugo Blanc (Nexa)\n   mypy on Jupyter, with nbqa.\n')
    found = record(text, NoteContext(), "meetups/2025-03-12-data-meetup.md")
    assert talks_of(found) == [("Polars in Production", [("Chloe Martin", ("Datalyon",))]),
                               ("Typing Notebooks", [("Hugo Blanc", ("Nexa",))])]


def test_one_item_counts_under_a_heading_of_lightning_talks_only():
    lightning = ("# DataConf 2025\n\n## Lightning talks\n\n"
                 "- **SQLite Everywhere** — Noor Aziz (Pebble). Litestream for replication.\n")
    assert talks_of(record(lightning, SUMMIT)) == [("SQLite Everywhere", [("Noor Aziz", ("Pebble",))])]
    reading = ("# DataConf 2025\n\n## Books to read\n\n- Designing Data Pipelines by Maria Lopez, Acme Press\n\n"
               "## Notes\n\n- a good day\n")
    assert not record(reading, SUMMIT).talks


def test_a_title_naming_the_folders_event_is_no_talk_of_that_name():
    text = "# Trip report: DataConf 2025\n\nWe were three.\n\n## Highlights\n\n- the hallway track\n"
    found = record(text, SUMMIT)
    assert not found.resource.is_talk and not found.talks
    assert found.resource.event.key == "dataconf-2025"


def test_a_one_talk_note_names_its_event_as_its_field_does():
    text = "# Streaming Joins Explained\n\nSpeaker: Ada Park, Northwind\nEvent: DataConf Europe 2025\n\n- notes\n"
    talk = record(text, SUMMIT, "dataconf-2025/streaming-joins.md").resource
    assert talk.is_talk and talk.super_event.name == "DataConf Europe 2025"
    assert talk.super_event.key == "dataconf-2025" and "Dataconf 2025" in talk.super_event.alternate_names


def test_a_title_beside_its_speakers_is_read_for_tools_but_not_the_employer():
    text = ("# DataConf 2025\n\n## Lightning talks\n\n- **Why we dropped Kafka for NATS** — Rita Gomes (GitHub)\n\n"
            "### Search with PostgreSQL — Ada Park, Elastic\n\n- pgvector\n")
    found = record(text, SUMMIT)
    tools = {(m.key, m.line) for m in found.mentions if m.kind == "tool"}
    assert {("kafka", 5), ("nats", 5), ("postgresql", 7)} <= tools
    assert not {key for key, line in tools if line in (5, 7)} & {"github", "elasticsearch"}


TABLE = ("# Trip report: DataConf 2025\n\n## Schedule\n\n"
         "| Time | Talk | Speaker | Company |\n|------|------|---------|---------|\n"
         "| 10:00 | Streaming with Apache Flink | Ada Park | Northwind |\n"
         "| 11:00 | Ten Years of Search | Tom Reyes | Elastic |\n"
         "| 12:00 | Lunch | | |\n")


def test_the_cells_of_a_table_row_share_its_line():
    note = parse_note("t.md", TABLE)
    assert [(b.line, b.text) for b in note.blocks if b.kind == "cell"][:6] == [
        (5, "Time"), (5, "Talk"), (5, "Speaker"), (5, "Company"), (7, "10:00"), (7, "Streaming with Apache Flink")]


def test_a_table_of_talks_gives_a_talk_per_row_and_employers_are_no_tools():
    found = record(TABLE, SUMMIT)
    assert found.resource.event.name == "DataConf 2025"  # "Trip report:" is no part of the event's name
    assert talks_of(found) == [("Streaming with Apache Flink", [("Ada Park", ("Northwind",))]),
                               ("Ten Years of Search", [("Tom Reyes", ("Elastic",))])]
    tools = {(m.key, m.line) for m in found.mentions if m.kind == "tool"}
    assert ("flink", 7) in tools and not any(line == 8 for _, line in tools)


def test_a_table_without_a_speaker_column_lists_no_talks():
    text = "# DataConf 2025\n\n| Tool | Verdict |\n|---|---|\n| Flink | Ada Park, Northwind |\n"
    assert not record(text, SUMMIT).talks


def test_an_aside_after_the_events_year_is_no_part_of_its_name():
    text = ("# DataConf 2025 (the rainy one!)\n\n"
            "- **A Talk on Joins** by Ada Park, Northwind\n- **Another** by Tom Reyes, Acme\n")
    assert record(text, NoteContext(), "dataconf.md").resource.event.name == "DataConf 2025"


def test_a_format_before_a_talks_title_is_taken_off_and_kept_as_an_alternate_name():
    text = ("# DataConf 2025\n\n## Keynote: The Cost of Free Data — Ines Varga (Open Data Institute)\n\n- x\n\n"
            "## Panel: Streaming — Ada Park and Tom Reyes\n\n- y\n")
    keynote, panel = record(text, SUMMIT).talks
    assert (keynote.title, keynote.alternate_names) == (
        "The Cost of Free Data", ("Keynote: The Cost of Free Data",))
    assert (panel.title, panel.alternate_names) == ("Panel: Streaming", ())  # one word would be left


def test_an_event_named_with_a_year_starts_that_year_at_least():
    text = ("# Strange Days 2023 (the last one!)\n\n- **A Talk on Joins** by Ada Park, Northwind\n"
            "- **Another One** by Tom Reyes, Acme\n")
    event = record(text, NoteContext(), "strange.md").resource.event
    assert (event.name, event.start_date.value, event.start_date.datatype) == ("Strange Days 2023", "2023", "gYear")
