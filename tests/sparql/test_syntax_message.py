"""A SPARQL syntax error says where, under the query's own line, and what was expected in words."""

import pyoxigraph as ox
import pytest

from graph.errors import QuerySyntaxError
from graph.sparql.query import execute


def _error(text: str) -> str:
    with pytest.raises(QuerySyntaxError) as caught:
        execute(ox.Store(), text, {})
    return str(caught.value)


def test_a_missing_object_points_at_the_end_of_the_line_without_unicode_ranges():
    message = _error("SELECT ?x WHERE { ?x ?p ")
    first, shown, pointer = message.split("\n")
    assert first.startswith("SPARQL syntax error at line 1, column 25: expected one of ")
    assert "a name" in first and "\\u{" not in message and "[_]" not in message
    assert shown == "  SELECT ?x WHERE { ?x ?p " and pointer == "  " + " " * 24 + "^"


def test_the_line_of_a_query_of_several_lines_is_the_one_shown():
    message = _error("SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT x")
    assert message.startswith("SPARQL syntax error at line 3, column 9: expected one of ")
    assert "a digit" in message and message.endswith("  } LIMIT x\n          ^")


def test_a_long_line_is_shown_around_the_place():
    text = "SELECT ?x WHERE { " + " ".join(f"?x <urn:p{n}> ?y{n} ." for n in range(40)) + " ?x ?p "
    shown = _error(text).split("\n")[1]
    assert len(shown) < 100 and shown.endswith("?x ?p ")
