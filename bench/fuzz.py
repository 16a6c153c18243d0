"""The fuzz of issue 19 at length: many hostile routine files through the loader, the
limits, the plan builder, the export and the import.

    .venv/bin/python bench/fuzz.py [--examples 5000] [--seed N] [--quick]

Each file is drawn by tests/support/hostile_strategies.py (huge, tiny, NaN and negative
numbers, markup and terminal escapes, doses past every limit, many steps, cut and
spliced text) and checked by its `check`: a routine within the limits that plans,
exports under the import limit and imports back the same (and validates against the
JSON Schema), or an InvalidFile whose errors are all located and printable; never any
other exception. The suite runs a few hundred (tests/hostile/test_fuzz.py); this runs
thousands and prints how many were accepted, refused, and the slowest file's time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from _quick import parse_with_quick  # beside this script

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="files to try")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (to replay)")
    args = parse_with_quick(parser, None, examples=100)
    sys.path[:0] = [str(REPO), str(REPO / "tests" / "support")]
    from hostile_strategies import check, documents
    from hypothesis import HealthCheck, given, seed, settings

    outcomes: Counter[str] = Counter()
    slowest = [0.0]

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(documents())
    def fuzz(text: str) -> None:
        started = time.perf_counter()
        outcomes[check(text)] += 1
        slowest[0] = max(slowest[0], time.perf_counter() - started)

    if args.seed is not None:
        fuzz = seed(args.seed)(fuzz)
    started = time.perf_counter()
    fuzz()
    elapsed = time.perf_counter() - started
    total = sum(outcomes.values())
    print(
        f"{total:,} files in {elapsed:.1f} s: {outcomes['accepted']:,} accepted (each within "
        f"the limits, planned, exported and imported back), {outcomes['refused']:,} refused "
        f"with located errors; slowest file {slowest[0] * 1000:.0f} ms; no other exception"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
