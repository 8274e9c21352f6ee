"""The endpoint under a flood of impossible queries (bounded, loopback only, a real server)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from .flood import cpu_between, flood, stop, summary
from .test_serve import free_port, wait_for

pytestmark = pytest.mark.server


def test_a_flood_of_impossible_queries_leaves_simple_ones_fast_and_the_cpu_idle(examples_build, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", "-o", str(examples_build.out_dir), "--port", str(port),
             "--timeout", "2"], stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            wait_for(base + "/")
            time.sleep(0.5)  # the workers are warm
            outcomes = flood(base + "/sparql", impossible_count=12, simple_count=50)
            figures = summary(outcomes)
            last = figures["last_impossible_end"]
            idle = cpu_between(server.pid, last + 2.0, last + 3.0)
        finally:
            stop(server)
    print(f"\nsimple queries: {figures['simple_ok']}/{figures['simple']} answered 200, median "
          f"{figures['simple_median_s']} s, max {figures['simple_max_s']} s; impossible ones: "
          f"{figures['impossible_statuses']}; CPU from 2 to 3 s after the last deadline: {idle:.3f} s")
    assert figures["simple_ok"] == figures["simple"], [o for o in outcomes if o.kind == "simple" and o.status != 200]
    assert figures["simple_max_s"] < 1.0, figures
    assert figures["impossible_statuses"] == [503], figures
    assert idle < 0.1, f"the server still used {idle:.2f} s of CPU in the second after the 2 s grace"
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "unsendable" not in text, text[-3000:]


def test_a_full_queue_answers_503_with_retry_after(examples_build):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "-o", str(examples_build.out_dir), "--port", str(port),
         "--timeout", "2", "--workers", "1", "--queue", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(base + "/")
        time.sleep(0.5)
        outcomes = flood(base + "/sparql", impossible_count=4, simple_count=0)
    finally:
        stop(server)
    assert sorted(o.status for o in outcomes) == [503] * 4
    assert any("retry later" in o.text for o in outcomes), outcomes
