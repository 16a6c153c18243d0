"""One journal interface: the real Journal and the tests' fake both have its shape."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from fakes import FakeJournal

from coach.history.journal import Journal
from coach.history.ports import JournalReader, JournalWriter, ReadWriteJournal


def members(protocol: type) -> list[str]:
    names = set()
    for cls in protocol.__mro__:
        if cls in (object,) or not getattr(cls, "_is_protocol", False):
            continue
        names |= {n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")}
    return sorted(names)


@pytest.mark.parametrize("protocol", [JournalReader, JournalWriter, ReadWriteJournal])
def test_the_journal_and_the_fake_have_the_protocols_shape(protocol: type, db_path: Path) -> None:
    with Journal(db_path) as journal:
        for implementation in (journal, FakeJournal()):
            assert isinstance(implementation, protocol)
            for name in members(protocol):
                wanted = list(inspect.signature(getattr(protocol, name)).parameters)[1:]
                found = list(inspect.signature(getattr(implementation, name)).parameters)
                # the same parameters, in order (the fake may gather keywords in **fields)
                assert found[: len(wanted)] == wanted or found[-1] == "fields", (
                    type(implementation).__name__,
                    name,
                )
