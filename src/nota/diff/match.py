"""COMPARE stage, matching: which unit of the old version became which unit of the new one.

Matching goes from sure to likely: the same content id; the same content; a similar unit in the
same gap between matched neighbours; a very similar unit anywhere (a move that was also edited).
A matched unit is *moved* when it changed chapter, or when keeping it in place would break the
longest run of units that kept their order. What is only in the old version is shown where it was:
after the nearest earlier unit that stayed in place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from nota.diff.text import ratio
from nota.diff.units import Unit

LOCAL_RATIO = 0.5  # a similar unit in the same place: an edit
MOVED_RATIO = 0.7  # a similar unit elsewhere: a move with an edit
MAX_COMPARISONS = 20_000  # beyond this the rest is shown as deleted and inserted (a rewrite, not edits)


@dataclass
class Row:
    """One entry of a chapter's redline."""

    status: str  # "same" | "changed" | "inserted" | "deleted" | "moved" | "moved-away"
    old: Unit | None
    new: Unit | None


@dataclass
class Layout:
    chapters: dict[str, list[Row]] = field(default_factory=dict)  # chapters of the new version
    removed: dict[str, list[Row]] = field(default_factory=dict)  # chapters only in the old version


class _Matcher:
    def __init__(self, old: list[Unit], new: list[Unit]) -> None:
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}  # new index -> old index
        self.taken: set[int] = set()

    def pair(self, n: int, o: int) -> None:
        self.pairs[n] = o
        self.taken.add(o)

    def free_new(self) -> list[Unit]:
        return [u for u in self.new if u.index not in self.pairs]

    def by_id(self) -> None:
        known = {u.key: u.index for u in reversed(self.old) if u.key}
        for u in self.new:
            o = known.get(u.key) if u.key else None
            if o is not None and o not in self.taken and self.old[o].kind == u.kind:
                self.pair(u.index, o)

    def by_content(self) -> None:
        same: dict[object, list[int]] = defaultdict(list)
        for u in self.old:
            if u.index not in self.taken:
                same[u.signature].append(u.index)
        for u in self.free_new():
            free = [o for o in same.get(u.signature, []) if o not in self.taken]
            here = [o for o in free if self.old[o].chapter == u.chapter]
            if here or free:
                self.pair(u.index, (here or free)[0])

    def bounds(self, u: Unit) -> tuple[int, int]:
        """The old positions between which a new unit's counterpart should lie."""
        lo, hi = -1, len(self.old)
        for n in range(u.index - 1, -1, -1):
            o = self.pairs.get(n)
            if o is not None and self.old[o].chapter == u.chapter:
                lo = o
                break
        for n in range(u.index + 1, len(self.new)):
            o = self.pairs.get(n)
            if o is not None and self.old[o].chapter == u.chapter:
                hi = o
                break
        return (lo, hi) if lo < hi else (-1, len(self.old))

    def best(self, u: Unit, candidates: list[Unit], threshold: float) -> Unit | None:
        scored = [(ratio(c.words, u.words), -c.index, c) for c in candidates
                  if c.kind == u.kind and c.index not in self.taken]
        scored = [s for s in scored if s[0] >= threshold]
        return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None

    def nearby(self) -> None:
        for u in self.free_new():
            lo, hi = self.bounds(u)
            found = self.best(u, [c for c in self.old[lo + 1 : hi] if c.chapter == u.chapter], LOCAL_RATIO)
            if found:
                self.pair(u.index, found.index)

    def anywhere(self) -> None:
        budget = MAX_COMPARISONS
        for u in self.free_new():
            rest = [c for c in self.old if c.index not in self.taken and c.kind == u.kind]
            budget -= len(rest)
            if budget < 0:
                return
            found = self.best(u, rest, MOVED_RATIO)
            if found:
                self.pair(u.index, found.index)


def match(old: list[Unit], new: list[Unit]) -> dict[int, int]:
    """Pair new units with old ones: new index -> old index."""
    matcher = _Matcher(old, new)
    for step in (matcher.by_id, matcher.by_content, matcher.nearby, matcher.anywhere):
        step()
    return matcher.pairs


def longest_increasing(values: list[tuple[int, int]]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[tuple[int, int]] = []
    tail_pos: list[int] = []
    previous: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_pos.append(i)
        else:
            tails[k], tail_pos[k] = value, i
        previous[i] = tail_pos[k - 1] if k else -1
    keep, i = set(), tail_pos[-1] if tail_pos else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


def moved(old: list[Unit], new: list[Unit], pairs: dict[int, int], order: list[str]) -> set[int]:
    """New indices of units that moved: to another chapter, or out of the order the rest kept."""
    rank = {cid: i for i, cid in enumerate(order)}
    across = {n for n, o in pairs.items() if old[o].chapter != new[n].chapter}
    staying = sorted((n, o) for n, o in pairs.items() if n not in across)
    keep = longest_increasing([(rank.get(new[n].chapter, -1), o) for n, o in staying])
    return across | {n for i, (n, _) in enumerate(staying) if i not in keep}


def layout(old: list[Unit], new: list[Unit], order: list[str]) -> Layout:
    """The redline of every chapter: new units in order, old-only units where they stood."""
    pairs = match(old, new)
    away = moved(old, new, pairs, order)
    back = {o: n for n, o in pairs.items()}
    after: dict[int, list[Row]] = defaultdict(list)
    result = Layout({cid: [] for cid in order})
    for u in old:
        n = back.get(u.index)
        if n is not None and n not in away:
            continue
        ghost = Row("moved-away" if n is not None else "deleted", u, new[n] if n is not None else None)
        anchor = _anchor(old, u, back, away)
        if anchor is not None:
            after[anchor].append(ghost)
        else:
            target = result.chapters if u.chapter in result.chapters else result.removed
            target.setdefault(u.chapter, []).append(ghost)
    for u in new:
        result.chapters[u.chapter].append(_row(u, pairs, old, away))
        result.chapters[u.chapter] += after[u.index]
    return result


def _anchor(old: list[Unit], u: Unit, back: dict[int, int], away: set[int]) -> int | None:
    """The new index of the nearest earlier unit of the same chapter that stayed in place."""
    for o in range(u.index - 1, -1, -1):
        if old[o].chapter != u.chapter:
            return None
        n = back.get(o)
        if n is not None and n not in away:
            return n
    return None


def _row(u: Unit, pairs: dict[int, int], old: list[Unit], away: set[int]) -> Row:
    o = pairs.get(u.index)
    if o is None:
        return Row("inserted", None, u)
    if u.index in away:
        return Row("moved", old[o], u)
    return Row("same" if old[o].signature == u.signature else "changed", old[o], u)
