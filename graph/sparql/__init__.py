"""SPARQL over a build: the embedded store, queries, the HTTP endpoint and pushes to remote stores."""
