"""A pool of query worker processes with real deadlines, bounded waiting and room for short queries.

The rules, which the README states to users:

- ``workers`` processes (:mod:`graph.sparql.worker`) run queries, one each at a time; they
  are started ahead, from a fork server, so a query never waits for an interpreter to boot;
- a query still running at ``timeout`` seconds is stopped: its process is killed (the CPU
  it used is freed at once) and a fresh one takes its place;
- a query that has used ``grace`` seconds of CPU (or run ten times as long) is *long*. At most a third of the workers
  (at least one) run long queries, at a lower CPU priority (the worker is replaced
  afterwards); a query that turns long when they are all taken is stopped early with
  :class:`ServerBusy`, so a flood of heavy queries cannot hold every worker or every core,
  and short queries are still answered;
- at most ``queue`` requests wait for a worker, each at most ``timeout`` seconds; past that
  they get :class:`ServerBusy` (HTTP 503 with ``Retry-After``);
- the pool follows OUT: when OUT/manifest.json names a new build, each worker opens the new
  store before its next query (busy ones finish theirs on the old store first). One query
  runs in one process on one open store: it sees the old build or the new one, never a mix.

Everything here runs on the asyncio loop of the server that owns the pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from ..errors import NotAcceptable, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, ResultTooLarge, ServerBusy
from ..util.manifest import manifest_signature, read_manifest
from .store import STATE_FILE
from .worker import serve_jobs

HTTP_JOB = "graph.sparql.worker:http_job"


def _context():
    """Workers fork from a server that has already imported them, and the CLI: a worker that
    re-runs the ``talkgraph`` script as multiprocessing does then finds its imports done."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["graph.cli", "graph.sparql.worker"])
    return context


class _Worker:
    """The parent's end of one worker process."""

    def __init__(self, context, out_dir: Path, build: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve_jobs, args=(child, str(out_dir), build), daemon=True)
        self.process.start()
        child.close()
        self.build = build
        self.long = False
        self.preempted = False
        self.started = self.cpu = 0.0
        self.timer: asyncio.TimerHandle | None = None

    async def receive(self) -> Any:
        """The next message, without blocking the loop; EOFError when the process is gone."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await readable
        finally:
            loop.remove_reader(fd)
        return self.conn.recv()

    def cpu_seconds(self) -> float:
        try:
            times = psutil.Process(self.process.pid).cpu_times()
        except (psutil.Error, ValueError):
            return 0.0
        return times.user + times.system

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()

    def retire(self) -> None:
        """Close the pipe: the worker reads EOF and exits by itself."""
        self.conn.close()


class QueryPool:
    """Runs jobs (see :mod:`graph.sparql.worker`) on worker processes; see the module docstring."""

    def __init__(self, out_dir: str | Path, *, workers: int = 8, timeout: float = 10.0, grace: float = 0.03,
                 queue: int = 128, on_build: Callable[[dict[str, Any]], None] | None = None):
        self.out_dir = Path(out_dir)
        self.on_build = on_build  # told of each new build, whoever noticed it first
        self.size = max(1, workers)
        self.long_slots = max(1, self.size // 3)
        self.timeout, self.grace, self.queue_limit = timeout, grace, max(0, queue)
        self.context = _context()
        self.idle: list[_Worker] = []
        self.alive = 0  # started and not yet retired or killed, including those still starting
        self.long_running = 0
        self.waiters: deque[asyncio.Future] = deque()
        self.signature: object = None
        self.build = ""
        self.manifest: dict[str, Any] = {}
        self._tasks: set[asyncio.Task] = set()

    # -- following the builds of OUT ------------------------------------------------------
    def refresh(self) -> dict[str, Any] | None:
        """Look at OUT/manifest.json (a stat); on a new build, switch to it and return its manifest."""
        signature = manifest_signature(self.out_dir) or _state_signature(self.out_dir)
        if signature == self.signature:
            return None
        self.signature = signature
        manifest = read_manifest(self.out_dir) or {"build": f"store-{signature[-1] if signature else 0}"}
        if manifest.get("build") == self.build:
            return None
        self.build, self.manifest = str(manifest.get("build")), manifest
        if self.on_build is not None:
            self.on_build(manifest)
        return manifest

    # -- running a job ----------------------------------------------------------------------
    async def run(self, job: dict[str, Any]) -> Any:
        """Run ``job`` on a worker and return its value; raises the errors of :mod:`graph.errors`."""
        self.refresh()
        worker = await self._acquire()
        if worker.build != self.build:
            await self._reopen(worker)
        reply = await self._run_on(worker, job)
        if reply[0] == "ok":
            return reply[1]
        kind, message = reply[1], reply[2]
        if kind == "syntax":
            raise QuerySyntaxError(message)
        if kind == "too_large":
            raise ResultTooLarge(message)
        if kind == "not_acceptable":
            raise NotAcceptable(message)
        if kind == "refused":
            raise QueryRefused(message)
        raise QueryError(message)

    async def _acquire(self) -> _Worker:
        if self.idle:
            return self.idle.pop()
        self._replenish()
        if len(self.waiters) >= self.queue_limit:
            raise ServerBusy(f"the server is busy ({len(self.waiters)} queries waiting): retry later", 1)
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter, self.timeout)
        except TimeoutError:
            raise ServerBusy(f"no query worker free within {self.timeout:g} s: retry later", 1) from None
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())
            raise

    async def _run_on(self, worker: _Worker, job: dict[str, Any]) -> tuple:
        loop = asyncio.get_running_loop()
        worker.started, worker.cpu = loop.time(), worker.cpu_seconds()
        worker.timer = loop.call_later(self.grace, self._check, worker)
        try:
            worker.conn.send(job)
            reply = await asyncio.wait_for(worker.receive(), self.timeout)
        except TimeoutError:
            self._discard(worker)
            raise QueryTimeout(f"query stopped at the time limit ({self.timeout:g} s)") from None
        except (EOFError, OSError):
            self._discard(worker)
            if worker.preempted:
                raise ServerBusy(
                    f"query stopped after {self.grace:g} s: {self.long_slots} long queries are already running; "
                    "retry later", 1) from None
            raise QueryError("the query worker stopped (out of memory?)") from None
        except BaseException:
            self._discard(worker)
            raise
        finally:
            worker.timer.cancel()
            if worker.long:
                self.long_running -= 1
        if worker.long:  # its priority was lowered: a fresh worker takes its place
            self._retire(worker)
            self._replenish()
        else:
            self._release(worker)
        return reply

    async def _reopen(self, worker: _Worker) -> None:
        """Point a worker at the build now in OUT: it opens the new store in its own process."""
        build = self.build
        try:
            worker.conn.send({"op": "reopen", "build": build})
            reply = await asyncio.wait_for(worker.receive(), 60)
        except BaseException:
            self._discard(worker)
            raise
        if reply[0] != "ready":
            self._discard(worker)
            raise QueryError(f"cannot open the new build: {reply[1]}")
        worker.build = build

    def _check(self, worker: _Worker) -> None:
        """Every ``grace`` seconds: has the query used ``grace`` s of CPU (or run ten times that)?

        CPU time, not wall time, so a short query slowed down by a busy machine is not taken
        for a long one."""
        loop = asyncio.get_running_loop()
        used = worker.cpu_seconds() - worker.cpu
        if used < self.grace and loop.time() - worker.started < 10 * self.grace:
            worker.timer = loop.call_later(self.grace, self._check, worker)
            return
        self._went_long(worker)

    def _went_long(self, worker: _Worker) -> None:
        """A query is long: stop it if the long slots are taken, else let it go on at a lower priority."""
        if self.long_running >= self.long_slots:
            worker.preempted = True
            worker.kill()
            return
        worker.long = True
        self.long_running += 1
        with contextlib.suppress(OSError):  # short queries keep the CPU first; the worker retires afterwards
            os.setpriority(os.PRIO_PROCESS, worker.process.pid, 19)

    # -- the processes --------------------------------------------------------------------
    def _replenish(self) -> None:
        while self.alive < self.size:
            self.alive += 1
            task = asyncio.get_running_loop().create_task(self._spawn(self.build))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _spawn(self, build: str) -> None:
        try:
            worker = _Worker(self.context, self.out_dir, build)
        except OSError as exc:
            self.alive -= 1
            self._fail_waiters(f"cannot start a query worker: {exc}")
            return
        try:
            reply = await asyncio.wait_for(worker.receive(), 120)
        except (EOFError, OSError, TimeoutError):
            reply = ("failed", "the query worker did not start")
        if reply[0] != "ready":
            worker.kill()
            self.alive -= 1
            self._fail_waiters(reply[1])
            return
        self._release(worker)

    def _release(self, worker: _Worker) -> None:
        """A worker is free: to the first waiter, else idle (one on an old build reopens when next used)."""
        if not worker.process.is_alive():
            self._retire(worker)
            self._replenish()
            return
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self.idle.append(worker)

    def _fail_waiters(self, message: str) -> None:
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_exception(QueryError(message))

    def _retire(self, worker: _Worker) -> None:
        worker.retire()
        self.alive -= 1

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        worker.conn.close()
        self.alive -= 1
        multiprocessing.active_children()  # reap the processes that ended
        self._replenish()

    async def start(self) -> None:
        """Start the workers of the current build (the first start also boots the fork server)."""
        self.refresh()
        self._replenish()

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in self.idle:
            worker.kill()
        self.idle.clear()
        for child in multiprocessing.active_children():
            child.kill()


def _state_signature(out_dir: Path) -> tuple[int, int, int] | None:
    """Builds by an older talkgraph have no manifest: follow OUT/store.json instead."""
    try:
        info = os.stat(out_dir / STATE_FILE)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
