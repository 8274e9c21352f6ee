"""The tg: terms of the ontology.

Generated from schema/src/ontology.txt by schema/src/build_vocab.py: edit the table, not this file.
"""

CLASSES = (
    "Note",
    "Talk",
    "Conference",
    "Meetup",
    "Mention",
    "Source",
    "Specification",
    "CandidateTool",
    "TopicNote",
)
PROPERTIES = (
    "sourceFile",
    "lineCount",
    "linksTo",
    "metadataEntry",
    "resourceType",
    "rawType",
    "rawDatePublished",
    "line",
    "source",
    "tag",
    "attended",
    "slides",
    "durationInferred",
    "created",
    "candidate",
    "entity",
    "note",
    "talk",
    "section",
    "text",
    "byNoteTaker",
    "evidence",
    "confidence",
    "inVocabulary",
    "corrected",
    "invalidIri",
    "clip",
    "permalink",
    "category",
    "pypiName",
    "npmName",
    "debianName",
    "crateName",
    "ambiguousName",
    "degree",
    "betweenness",
    "community",
)
SCHEMES = (
    "Languages",
    "Topics",
    "Levels",
    "Tags",
    "ToolCategories",
    "TopicTaxonomy",
)
TERMS = frozenset(CLASSES + PROPERTIES + SCHEMES)
