"""Background days and planned months, made by worker processes ahead of the main process.

Both depend only on their day or month (each draws from its own random stream), so the
main process can take them in order from a pool while it writes the files, and gets the
same results as making them itself. A few of each are in flight at a time, so memory
holds the days and months being worked on, not the run.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice

from .background import Background, BackgroundDay
from .planner import MonthPlanner
from .render import PlannedCrime

DAYS_AHEAD, MONTHS_AHEAD = 8, 2
GC_THRESHOLDS = (200_000, 10, 10)

_background: Background | None = None
_planner: MonthPlanner | None = None


def _start(background: Background, planner: MonthPlanner) -> None:
    global _background, _planner
    _background, _planner = background, planner
    gc.set_threshold(*GC_THRESHOLDS)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while simulating: the run makes millions of
    short-lived objects, and the default thresholds spend a sixth of it scanning them."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _day(day: date) -> BackgroundDay:
    return _background.day(day)


def _month(month: int) -> list[PlannedCrime]:
    return _planner.plan(month)


@contextmanager
def made_ahead(background: Background, planner: MonthPlanner, days: list[date], months: list[int],
               processes: int) -> Iterator[tuple[Iterator[BackgroundDay], Iterator[list[PlannedCrime]]]]:
    """(each day's background, each month's crimes), in the order given; with ``processes``
    > 0 made by that many worker processes, otherwise here."""
    if processes <= 0:
        yield map(background.day, days), map(planner.plan, months)
        return
    # spawn, not fork: the caller may hold threads (DuckDB, Dagster) a forked child would inherit.
    pool = multiprocessing.get_context("spawn").Pool(processes, _start, (background, planner))
    try:
        yield _in_order(pool, _day, days, DAYS_AHEAD), _in_order(pool, _month, months, MONTHS_AHEAD)
    except BaseException:
        pool.terminate()
        raise
    else:
        # close and join, not the context manager's terminate: terminating can deadlock on a
        # worker that holds the task queue's lock, which hung a test run once.
        pool.close()
    finally:
        pool.join()


def _in_order(pool, task: Callable, items: Iterable, depth: int) -> Iterator:
    queue = iter(items)
    pending = deque(pool.apply_async(task, (item,)) for item in islice(queue, depth))
    while pending:
        ready = pending.popleft().get()
        for item in islice(queue, 1):
            pending.append(pool.apply_async(task, (item,)))
        yield ready
