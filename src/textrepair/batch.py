"""Repair many documents, in order, optionally in worker processes.

>>> [r.text for r in repair_many(["cafÃ©", "ok"])]
['café', 'ok']

With ``jobs > 1`` the gazetteer and config are sent to each worker once, the
input is read lazily (at most a few chunks per worker are in flight, so memory
stays bounded on endless streams) and results come back in input order, equal
to what ``jobs=1`` gives.  Workers never outlive the caller: they are stopped
when the iteration ends early or fails, and each exits by itself within a
second of its parent process dying (even of SIGKILL).
"""

from __future__ import annotations

import collections
import itertools
import os
import pickle
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Iterable, Iterator

from .config import RepairConfig, resolve_config
from .edits import RepairResult
from .pipeline import repair

_worker_args: tuple[Any, RepairConfig] | None = None

# How often a worker checks that its parent is still alive, in seconds.
_PARENT_POLL = 0.25


def repair_many(texts: Iterable[str], gazetteer: Any = None, *, config: RepairConfig | None = None,
                jobs: int = 1, chunksize: int = 32, **overrides: Any) -> Iterator[RepairResult]:
    """Yield ``repair(text, gazetteer, config=...)`` for each text, in order."""
    for outcome in repair_outcomes(texts, gazetteer, config=config, jobs=jobs, chunksize=chunksize,
                                   **overrides):
        if isinstance(outcome, Exception):
            raise outcome
        yield outcome


def repair_outcomes(texts: Iterable[str], gazetteer: Any = None, *, config: RepairConfig | None = None,
                    jobs: int = 1, chunksize: int = 32,
                    **overrides: Any) -> Iterator[RepairResult | Exception]:
    """Like :func:`repair_many`, but a text on which ``repair()`` raises yields
    the exception in its place and the batch goes on (the CLI's ``--on-error``)."""
    cfg = resolve_config(config, overrides)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if jobs == 1:
        for text in texts:
            yield _repair_one(text, gazetteer, cfg)
        return
    pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(gazetteer, cfg))
    finished = False
    try:
        pending: collections.deque[Future[list[RepairResult | Exception]]] = collections.deque()
        it = iter(texts)
        while True:
            chunk = list(itertools.islice(it, chunksize))
            if chunk:
                pending.append(pool.submit(_repair_chunk, chunk))
            if pending and (not chunk or len(pending) >= 2 * jobs):
                yield from pending.popleft().result()
            elif not chunk:
                finished = True
                return
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End ``pool`` now: the caller stopped early (an error, Ctrl-C, SIGTERM,
    a closed pipe), so queued work is dropped and running work is killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join()


def _repair_one(text: str, gazetteer: Any, config: RepairConfig) -> RepairResult | Exception:
    try:
        return repair(text, gazetteer, config=config)
    except Exception as e:  # noqa: BLE001 - one text's failure is that text's outcome
        return e


def _init_worker(gazetteer: Any, config: RepairConfig) -> None:
    global _worker_args
    # Ctrl-C and SIGTERM are the parent's to handle: it stops cleanly and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_args = (gazetteer, config)
    # The process that started us: the caller, or under "forkserver" the server, which ends with it.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as the parent is gone (it may have been SIGKILLed and so
    could not stop us): an orphaned worker would otherwise run on for minutes.
    Polling ``getppid`` works on every POSIX system, unlike ``PR_SET_PDEATHSIG``."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL)
    os._exit(1)


def _repair_chunk(texts: list[str]) -> list[RepairResult | Exception]:
    assert _worker_args is not None, "worker used before its initializer ran"
    gazetteer, config = _worker_args
    return [_portable(_repair_one(text, gazetteer, config)) for text in texts]


def _portable(outcome: RepairResult | Exception) -> RepairResult | Exception:
    """An exception that survives the trip to the parent: one that does not
    unpickle would take the whole chunk down with it."""
    if not isinstance(outcome, Exception):
        return outcome
    try:
        pickle.loads(pickle.dumps(outcome))
    except Exception:  # noqa: BLE001 - any failure to travel is replaced by a plain copy
        return RuntimeError(f"{type(outcome).__name__}: {outcome}")
    return outcome
