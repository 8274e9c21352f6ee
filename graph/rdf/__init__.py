"""Stage 3, pure: domain records -> quads, one named graph per note (IRIs, namespaces, JSON-LD)."""
