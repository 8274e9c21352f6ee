"""Pushing a build to a real triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT ?graph=<note IRI>`` per named graph: PUT replaces the graph, so pushing twice
is idempotent and a changed note replaces its graph. Works with Oxigraph server,
Fuseki, GraphDB, Virtuoso and QLever's GSP endpoints.

OUT/push.json remembers, per endpoint, the hash of each graph pushed there. The next push
sends only the graphs that are new or changed since (``everything=True`` sends them all),
and DELETEs the graphs of notes deleted since — graphs that talkgraph pushed itself and
the build no longer has; nothing else in the remote store is touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from ..errors import InputError, PushError
from ..util.files import atomic_write
from .store import open_store, store_state

RECORD = "push.json"


@dataclass
class PushReport:
    graphs: int = 0  # graphs the remote store holds from this build after the push
    triples: int = 0  # triples sent
    added: int = 0
    replaced: int = 0
    deleted: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (f"{self.added} graphs added, {self.replaced} replaced, {self.deleted} deleted, "
                f"{self.unchanged} unchanged ({self.triples} triples sent)")


def _records(out_dir: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def push_graphs(out_dir: str | Path, endpoint: str, *, auth: tuple[str, str] | None = None,
                timeout: float = 60.0, everything: bool = False) -> PushReport:
    """Bring the remote store to this build's graphs; returns what changed there."""
    out_dir = Path(out_dir)
    _check_endpoint(endpoint)
    store = open_store(out_dir)
    hashes = store_state(out_dir).get("graphs", {})
    records = _records(out_dir)
    before = {} if everything else dict(records.get(endpoint, {}))
    pushed: dict[str, str] = dict(records.get(endpoint, {}))
    report = PushReport()
    with httpx.Client(timeout=timeout, auth=auth) as client:
        try:
            _push_all(client, store, endpoint, hashes, before, pushed, report)
            _delete_gone(client, endpoint, hashes, pushed, report)
        except httpx.HTTPError as exc:
            raise PushError(f"cannot reach {endpoint}: {exc}") from None
        finally:
            records[endpoint] = pushed
            with atomic_write(out_dir / RECORD, "w") as handle:
                json.dump(records, handle, indent=1, sort_keys=True)
    report.graphs = len(pushed)
    return report


def _check_endpoint(endpoint: str) -> None:
    """A mistyped endpoint is the user's mistake (exit 2), not a store that refused the graphs (exit 1)."""
    try:
        url = httpx.URL(endpoint)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise InputError(f"the endpoint must be an http(s) URL such as http://localhost:7878/store, got {endpoint!r}")


def _push_all(client: httpx.Client, store: ox.Store, endpoint: str, hashes: dict[str, str],
              before: dict[str, str], pushed: dict[str, str], report: PushReport) -> None:
    """One PUT per new or changed named graph: notes, then the ontology, vocabulary and analytics graphs."""
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        digest = hashes.get(graph.value, "")
        if digest and before.get(graph.value) == digest:
            report.unchanged += 1
            continue
        quads = store.quads_for_pattern(None, None, None, graph)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        response = client.put(endpoint, params={"graph": graph.value}, content=body,
                              headers={"Content-Type": "application/n-triples"})
        if response.status_code >= 300:
            raise PushError(f"PUT {graph.value} -> HTTP {response.status_code}: {response.text[:200]}")
        if graph.value in pushed:
            report.replaced += 1
        else:
            report.added += 1
        pushed[graph.value] = digest
        report.triples += len(triples)


def _delete_gone(client: httpx.Client, endpoint: str, hashes: dict[str, str], pushed: dict[str, str],
                 report: PushReport) -> None:
    """DELETE the graphs pushed before that this build no longer has (notes deleted since)."""
    for name in sorted(set(pushed) - set(hashes)):
        response = client.delete(endpoint, params={"graph": name})
        if response.status_code >= 300 and response.status_code != 404:
            raise PushError(f"DELETE {name} -> HTTP {response.status_code}: {response.text[:200]}")
        del pushed[name]
        report.deleted += 1
