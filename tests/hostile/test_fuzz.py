"""A fuzz over the loader and the plan builder (issue 19): for any routine file, a routine
within the limits that plans, exports and imports back the same, or located errors; no
other exception. bench/fuzz.py runs the same check on many more files."""

from __future__ import annotations

from collections import Counter

from hostile_strategies import check, documents
from hypothesis import HealthCheck, given, settings

SEEN: Counter[str] = Counter()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_any_routine_file_loads_within_the_limits_or_fails_with_located_errors(text: str) -> None:
    SEEN[check(text)] += 1


def test_the_fuzz_reaches_both_outcomes() -> None:
    """Both answers come up, so the fuzz exercises the plan and the export as well."""
    from hypothesis import find

    find(documents(), lambda text: check(text) == "accepted", settings=settings(deadline=None))
    find(documents(), lambda text: check(text) == "refused", settings=settings(deadline=None))
