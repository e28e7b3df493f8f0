"""``Tail`` and ``Layers``: facts that grow by appending, shared by the states of one
history without copies, and never read differently by one state because another grew."""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from loanoverdue.law.tail import Layers, Tail


def test_a_tail_grown_twice_from_one_reads_its_own_items() -> None:
    held = Tail([1, 2])
    asked = held.grown([3])
    assert list(asked) == [1, 2, 3] and list(held) == [1, 2]
    again = held.grown([4])  # asked is alive: copied, and asked reads what it read
    assert list(again) == [1, 2, 4] and list(asked) == [1, 2, 3] and list(held) == [1, 2]
    assert asked.items is not again.items


def test_growing_drops_the_items_of_a_tail_no_one_holds_instead_of_copying() -> None:
    held = Tail([1, 2])
    held.grown([3])  # a question's tail, dropped at once
    gc.collect()
    again = held.grown([4])
    assert again.items is held.items  # no copy: the list itself grew
    assert list(again) == [1, 2, 4] and list(held) == [1, 2]
    assert held.items[:3] == [1, 2, 4]


def test_a_tail_reads_its_first_n_items_only() -> None:
    held = Tail("abc")
    grown = held.grown("de")
    assert len(held) == 3 and held[-1] == "c" and held[1:] == ["b", "c"] and held.last == "c"
    assert list(reversed(held)) == ["c", "b", "a"] and held.slice(1, 9) == ["b", "c"]
    assert held.count_up_to("b") == 2 and grown.count_up_to("z") == 5
    for bad in (3, -4):
        try:
            held[bad]
        except IndexError:
            pass
        else:
            raise AssertionError(f"held[{bad}] read past the tail")
    assert not Tail() and grown.last == "e" and Tail().last is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.lists(st.integers(), max_size=3), st.booleans()), max_size=30))
def test_tails_grown_in_any_order_read_as_lists_would(steps: list[tuple[int, list[int], bool]]) -> None:
    """Grow any of the tails alive (some dropped as soon as made): each reads the list
    it was grown to, whatever was grown after it."""
    tails: list[Tail[int]] = [Tail([0])]
    lists: list[list[int]] = [[0]]
    for pick, more, keep in steps:
        i = pick % len(tails)
        grown = tails[i].grown(more)
        if keep:
            tails.append(grown)
            lists.append(lists[i] + more)
        del grown
        for tail, expected in zip(tails, lists, strict=True):
            assert list(tail) == expected


def test_layers_read_through_the_maps_they_grew_from() -> None:
    base: Layers[str, int] = Layers({"a": 1})
    grown = base.grown()
    grown["b"] = 2
    assert grown.get("a") == 1 and grown.get("b") == 2 and base.get("b") is None
    deep = grown
    for i in range(30):  # merged every few growths: still every entry
        deep = deep.grown()
        deep[str(i)] = i
    assert deep.get("a") == 1 and deep.get("b") == 2 and deep.get("29") == 29 and deep.get("0") == 0
    assert deep.merged() == {"a": 1, "b": 2, **{str(i): i for i in range(30)}}
