"""Range look-ups over a document's mentions by token position.

Assembly asks, for every clause and every actor, "which cues, roles, casualties… lie in
tokens [a, b)?" Scanning the whole list each time makes a long report cost the square of
its length; a list sorted once and bisected answers in O(log n + k).
"""
from __future__ import annotations

from bisect import bisect_left
from operator import sub
from typing import Callable, Generic, Optional, Sequence, TypeVar

T = TypeVar("T")


class Positions(Generic[T]):
    """The items of one list, by the token each starts at (``start``) and ends before (``end``).

    Answers keep the items' order in the list, so a look-up returns exactly what a filter
    over the list would.
    """

    __slots__ = ("items", "source", "source_size", "longest", "_keys", "_order")

    def __init__(self, items: Sequence[T], start: Callable[[T], int], end: Callable[[T], int],
                 source: Optional[Sequence] = None):
        self.items = items if isinstance(items, list) else list(items)
        # the list the items were chosen from, and its length then: a look-up built on a list
        # since replaced or grown is stale
        self.source = items if source is None else source
        self.source_size = len(self.source)
        keys = list(map(start, self.items))
        self.longest = max(map(sub, map(end, self.items), keys), default=0)  # the most tokens one item spans
        ordered = sorted(keys)
        if ordered == keys:
            self._order = None
            self._keys = keys
        else:
            self._order = sorted(range(len(keys)), key=keys.__getitem__)
            self._keys = ordered

    def within(self, first: int, last: int) -> list[T]:
        """Items starting in tokens [first, last)."""
        low = bisect_left(self._keys, first)
        high = bisect_left(self._keys, last, low)
        if self._order is None:
            return self.items[low:high]  # a new list
        return [self.items[i] for i in sorted(self._order[low:high])]

    def any_within(self, first: int, last: int) -> bool:
        low = bisect_left(self._keys, first)
        return low < len(self._keys) and self._keys[low] < last

    def ending_near(self, first: int, last: int) -> list[T]:
        """Items that may end in tokens [first, last]: every one starting no earlier than the
        longest item's length before ``first`` (the caller checks the exact end)."""
        return self.within(first - self.longest, last + 1)

    def last_before(self, last: int, accepts: Callable[[T], bool]) -> Optional[T]:
        """The last item (in list order) starting before token ``last`` that ``accepts`` takes."""
        high = bisect_left(self._keys, last)
        indices = range(high - 1, -1, -1) if self._order is None else sorted(self._order[:high], reverse=True)
        return next((self.items[i] for i in indices if accepts(self.items[i])), None)
