"""A bounded flood of SPARQL requests, shared by the load test and benchmarks/serve_bench.py.

``impossible`` cross-product queries (each one different, so no cache can answer them) and
``simple`` label lookups are sent at once from as many threads, in a shuffled order; each
result records its kind, HTTP status, latency and end time. The CPU time of the server
process and of its children is sampled, to tell when the server is idle again.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import psutil

PREFIXES = "PREFIX tg: <https://w3id.org/talkgraph/ns#> PREFIX schema: <https://schema.org/> "


def impossible(k: int) -> str:
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(STR(?c)) != {1000 + k}) }}"


def simple(k: int) -> str:
    return PREFIXES + f"SELECT ?name WHERE {{ ?t a tg:Talk ; schema:name ?name }} ORDER BY ?name LIMIT {1 + k % 5}"


@dataclass(frozen=True)
class Outcome:
    kind: str  # "impossible" | "simple"
    status: int
    seconds: float
    ended: float  # time.monotonic() when the answer came
    text: str


def _send(client: httpx.Client, url: str, kind: str, query: str) -> Outcome:
    started = time.monotonic()
    try:
        response = client.post(url, content=query.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        status, text = response.status_code, response.text[:200]
    except httpx.HTTPError as exc:
        status, text = 0, str(exc)
    ended = time.monotonic()
    return Outcome(kind, status, ended - started, ended, text)


def flood(url: str, *, impossible_count: int = 12, simple_count: int = 50, seed: int = 16) -> list[Outcome]:
    """Send every request at once (one thread each) and wait for all the answers."""
    jobs = [("impossible", impossible(k)) for k in range(impossible_count)]
    jobs += [("simple", simple(k)) for k in range(simple_count)]
    random.Random(seed).shuffle(jobs)
    limits = httpx.Limits(max_connections=len(jobs), max_keepalive_connections=len(jobs))
    # one client for every thread: no connection pool or TLS context set up per request
    with httpx.Client(timeout=60.0, limits=limits) as client, ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(lambda job: _send(client, url, *job), jobs))


def summary(outcomes: list[Outcome]) -> dict:
    fast = [o.seconds for o in outcomes if o.kind == "simple"]
    return {
        "simple_ok": sum(o.status == 200 for o in outcomes if o.kind == "simple"),
        "simple": len(fast),
        "simple_median_s": round(statistics.median(fast), 3),
        "simple_max_s": round(max(fast), 3),
        "impossible_statuses": sorted({o.status for o in outcomes if o.kind == "impossible"}),
        "last_impossible_end": max((o.ended for o in outcomes if o.kind == "impossible"), default=time.monotonic()),
    }


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and every live descendant."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def cpu_between(pid: int, start: float, end: float) -> float:
    """CPU seconds the process tree used between two monotonic instants (waits for ``end``)."""
    time.sleep(max(0.0, start - time.monotonic()))
    before = tree_cpu(pid)
    time.sleep(max(0.0, end - time.monotonic()))
    return tree_cpu(pid) - before


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server started for a test or a benchmark: terminate, then kill if it will not go."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
