"""A memo for the preview's rebuilds: each entry kept while its key is the same, the unused ones dropped."""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")


class Kept:
    """Entries of ``memo`` (name -> (key, value)) used in one pass; :meth:`close` drops the others."""

    def __init__(self, memo: dict | None) -> None:
        self.memo, self.seen = memo, {}

    def get(self, name: str, key, make: Callable[[], T]) -> T:
        if self.memo is None:
            return make()
        entry = self.memo.get(name)
        if entry is None or entry[0] != key:
            entry = (key, make())
        self.seen[name] = entry
        return entry[1]

    def close(self) -> None:
        if self.memo is not None:
            self.memo.clear()
            self.memo.update(self.seen)
