"""A real APScheduler AsyncIOScheduler that never runs a job by itself, for the reminder tests.

Started paused on a private event loop: it keeps real job stores (so
`replace_existing` really replaces and tests can read `next_run_time`), while
the tests run the jobs by hand at the FakeClock's due times.
"""

from __future__ import annotations

import asyncio

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def paused_scheduler(loop: asyncio.AbstractEventLoop) -> AsyncIOScheduler:
    """On `loop`, which need not run (tests that run jobs run them on it themselves)."""
    scheduler = AsyncIOScheduler(timezone="UTC", event_loop=loop)
    scheduler.start(paused=True)
    return scheduler


def close_paused(scheduler: AsyncIOScheduler, loop: asyncio.AbstractEventLoop) -> None:
    """Shut it down and close its loop, which must not be running."""
    scheduler.shutdown(wait=False)  # queued on its loop...
    loop.run_until_complete(loop.shutdown_default_executor())  # ...runs here; probe threads end
    loop.close()
