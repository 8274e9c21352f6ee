"""Small helpers shared by every stage: text folding, atomic files, the schema/ data folder."""
