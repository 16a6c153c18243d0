"""Hot-reload bench: what the routines-folder watcher costs the TUI per poll.

The TUI polls `RoutineWatcher.poll()` every 0.5-1 s. Prints, for a user folder of
N routine files (default 50, each a copy of a built-in):

- an idle poll (nothing changed): one scandir + stats; the price paid all day;
- a poll after one file changed: that file read, parsed and swapped in;
- a poll after the user's exercises.yaml changed: everything read again;
- a cold `load_library` for comparison.

    .venv/bin/python bench/watch.py
    .venv/bin/python bench/watch.py --files 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _quick import parse_with_quick  # beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.routines.library import load_library
from coach.routines.watch import RoutineWatcher
from coach.routines.writer import dump_routine


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and max wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=30)
    args = parse_with_quick(parser, None, files=5, repeat=2)

    library = load_library(Path(tempfile.mkdtemp()))
    builtins = list(library.routines.values())
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        for index in range(args.files):
            routine = builtins[index % len(builtins)]
            text = dump_routine(routine, library.exercises).replace(
                f"id: {routine.id}\n", f"id: mine-{index}\n", 1
            )
            (folder / f"mine-{index}.yaml").write_text(text)
        watcher = RoutineWatcher.load(folder)
        stamp = [time.time_ns()]

        def touch(name: str) -> None:
            stamp[0] += 1_000_000_000
            os.utime(folder / name, ns=(stamp[0], stamp[0]))

        def one_changed() -> None:
            touch("mine-0.yaml")
            watcher.poll()

        def exercises_changed() -> None:
            touch("exercises.yaml")
            watcher.poll()

        (folder / "exercises.yaml").write_text("exercises: []\n")
        watcher.poll()
        rows = [
            ("idle poll", timed(watcher.poll, args.repeat * 10)),
            ("poll, one file changed", timed(one_changed, args.repeat)),
            ("poll, exercises.yaml changed", timed(exercises_changed, max(3, args.repeat // 5))),
            ("load_library (cold)", timed(lambda: load_library(folder), max(3, args.repeat // 5))),
        ]
    print(f"user folder: {args.files} routine files")
    for label, (median, worst) in rows:
        print(f"{label:32} median {median:8.3f} ms   max {worst:8.3f} ms")


if __name__ == "__main__":
    main()
