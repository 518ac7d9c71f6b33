"""Repair many documents, in order, optionally in worker processes.

>>> [r.text for r in repair_many(["cafÃ©", "ok"])]
['café', 'ok']

With ``jobs > 1`` the gazetteer and config are sent to each worker once, the
input is read lazily (at most a few chunks per worker are in flight, so memory
stays bounded on endless streams) and results come back in input order, equal
to what ``jobs=1`` gives.
"""

from __future__ import annotations

import collections
import itertools
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Iterable, Iterator

from .config import RepairConfig, resolve_config
from .edits import RepairResult
from .pipeline import repair

_worker_args: tuple[Any, RepairConfig] | None = None


def repair_many(texts: Iterable[str], gazetteer: Any = None, *, config: RepairConfig | None = None,
                jobs: int = 1, chunksize: int = 32, **overrides: Any) -> Iterator[RepairResult]:
    """Yield ``repair(text, gazetteer, config=...)`` for each text, in order."""
    cfg = resolve_config(config, overrides)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if jobs == 1:
        for text in texts:
            yield repair(text, gazetteer, config=cfg)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(gazetteer, cfg)) as pool:
        pending: collections.deque[Future[list[RepairResult]]] = collections.deque()
        it = iter(texts)
        while True:
            chunk = list(itertools.islice(it, chunksize))
            if chunk:
                pending.append(pool.submit(_repair_chunk, chunk))
            if pending and (not chunk or len(pending) >= 2 * jobs):
                yield from pending.popleft().result()
            elif not chunk:
                return


def _init_worker(gazetteer: Any, config: RepairConfig) -> None:
    global _worker_args
    # Ctrl-C is the parent's to handle: it stops cleanly, without a traceback per worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_args = (gazetteer, config)


def _repair_chunk(texts: list[str]) -> list[RepairResult]:
    assert _worker_args is not None, "worker used before its initializer ran"
    gazetteer, config = _worker_args
    return [repair(text, gazetteer, config=config) for text in texts]
