"""Fuzzing the input boundary: generated and mutated case files and policy files, in
JSON and TOML, through ``load_case``, ``load_policy``, ``assess``, every renderer and
``check_event``, with every installed pack.

The promise checked: only :class:`~loanoverdue.errors.InvalidInputError` escapes, with
a field path (or, for a file that does not parse, the file's name), in a short message
about the input; never another exception, never a faulty-pack report for the user's
input. The crashes this boundary once had are among the explicit examples, so the test
fails if one comes back.

Bounded for CI (``LOANOVERDUE_FUZZ_EXAMPLES`` raises the number of generated examples;
``LOANOVERDUE_FUZZ_REPORT=FILE`` writes the outcomes by kind as JSON). Derandomized: a
run tries the same inputs every time.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue import InvalidInputError, check_event, load_case, load_policy
from loanoverdue.errors import MESSAGE_LIMIT
from loanoverdue.io import case_to_dict
from loanoverdue.render import render_markdown, render_text
from loanoverdue.testing.strategies import cases

ROOT = Path(__file__).resolve().parent.parent
SEED_CASES = [
    json.loads((ROOT / "plugins/loanoverdue-example/examples/xe-case.json").read_text()),
    json.loads((ROOT / "examples/cn-9000-online-loan.json").read_text()),
    json.loads((ROOT / "examples/us-agency-calls.json").read_text()),
]
SEED_POLICIES = {
    "XE": ROOT / "tests/data/xe-platform.toml",
    "CN": ROOT
    / "plugins/loanoverdue-platform-example/src/loanoverdue_platform_example/policies/example-app.toml",
}
EXAMPLES = int(os.environ.get("LOANOVERDUE_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
OUTCOMES: Counter[str] = Counter()

# -- what goes in ----------------------------------------------------------------------

NASTY_STRINGS = [
    "",
    " ",
    "1e999999999",
    "1e9999999",
    "-1",
    "1E+15",
    "0.00001",
    "NaN",
    "Infinity",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2201-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "2026-02-30",
    "2026-01-01T25:00:00+08:00",
    "2026-01-01T10:00:00",
    "../../../etc/passwd",
    "/dev/zero",
    "{x}",
    "{0}{__class__}",
    "%s%n",
    "\x00",
    "\ufeff",
    "Asia/Shanghai",
    "America/New_York",
    "CN",
    "US-NY",
    "XE-N",
    "call",
    "home_visit",
    "connected",
    "threat",
    "bank",
    "installment",
    "collection_agency",
    "borrower",
    "proposed",
]
leaf = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.builds(lambda: "A" * 5000),
    st.text(max_size=12),
    st.integers(min_value=-(10**70), max_value=10**70),
    st.sampled_from([0, 1, -1, 3_000_000, 99_999_999, 2**63, 10**15]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
value = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["at", "kind", "x", "events"]), inner, max_size=3)
    ),
    max_leaves=6,
) | st.integers(1, 60).map(lambda depth: json.loads("[" * depth + "]" * depth))


@attrs.frozen
class Change:
    """One mutation: ``steps`` choose where (each an index into the children there),
    ``op`` what (``set``, ``delete``, ``add``, ``wrap``), ``value`` with what."""

    steps: tuple[int, ...]
    op: str
    value: Any = None
    #: The key an ``add`` puts (default: a new, unknown one).
    key: str | None = None


changes = st.lists(
    st.builds(
        Change,
        st.lists(st.integers(0, 40), max_size=4).map(tuple),
        st.sampled_from(["set", "set", "set", "delete", "add", "wrap"]),
        value,
    ),
    min_size=1,
    max_size=3,
)
#: Changes to the text once written: none, or one of the ways files go wrong.
TEXT_OPS = ["", "", "", "bom", "duplicate", "huge-integer", "deep", "truncate", "garbage"]


def apply(data: Any, change: Change) -> Any:
    """``data`` with ``change`` made (at the node its steps reach)."""
    parent: Any = None
    key: Any = None
    node = data
    for step in change.steps:
        if isinstance(node, dict) and node:
            k = list(node)[step % len(node)]
        elif isinstance(node, list) and node:
            k = step % len(node)
        else:
            break
        parent, key, node = node, k, node[k]
    if change.op == "add" and isinstance(node, dict):
        node[change.key or f"extra_{len(node)}"] = change.value
    elif change.op == "delete" and parent is not None:
        del parent[key]
    elif change.op == "wrap" and parent is not None:
        parent[key] = [node]
    elif parent is not None:
        parent[key] = change.value
    return data


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, (date, datetime, time)):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v if x is not None) + "]"
    if isinstance(v, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(str(k))} = {toml_value(x)}" for k, x in v.items() if x is not None)
            + "}"
        )
    return json.dumps(str(v))


def to_toml(data: Any) -> str:
    if not isinstance(data, dict):
        return f"value = {toml_value(data)}\n"
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in data.items() if v is not None)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=lambda o: o.isoformat())


def spoil(text: str, op: str, fmt: str) -> str | bytes:
    """``text`` with one of the ways files go wrong."""
    if op == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if op == "duplicate":
        first = text.split("\n", 1)[0] if fmt == "toml" else None
        if first:
            return f"{first}\n{text}"
        return text.replace("{", '{"as_of": "2026-01-01T00:00:00+08:00", ', 1)
    if op == "huge-integer":
        return (
            re.sub(r"\b\d+\b", "9" * 5000, text, count=1)
            if fmt == "json"
            else text + "\nhuge = " + "9" * 5000 + "\n"
        )
    if op == "deep":
        if fmt == "json":
            return text.replace("[", "[" * 100_000 + "]" * 99_999, 1)
        return text + "\ndeep = " + "[" * 5000 + "]" * 5000 + "\n"
    if op == "truncate":
        return text[: len(text) // 2]
    if op == "garbage":
        return text + "\x00\x01}}]]"
    return text


# -- what may come out -----------------------------------------------------------------

#: Words of Python, of the installation, or of the structuring's last resort (a value
#: nothing more precise could be said about: a gap in the boundary's checks).
_INSTALL = re.compile(
    r"site-packages|/lib/python|\.venv|Traceback|Errno|object has no attribute|<class |cannot be read here"
)


def kind(exc: InvalidInputError) -> str:
    """The kind of an error, its values left out: "loan.outstanding: is too large"."""
    field = re.sub(r"\[\d+\]", "[]", exc.path.split(": ")[-1])
    problem = re.sub(r"'[^']*'|\"[^\"]*\"|[-+]?\d[\d,._:T+E-]*|\S+\.(json|toml)", "…", exc.problem)
    return f"{field}: {problem}"[:80]


def refused(exc: InvalidInputError, file: Path) -> None:
    """``exc`` keeps the promise: a path (or the file's name), a short message about
    the input."""
    text = str(exc)
    assert len(text) <= MESSAGE_LIMIT + 200, text[:300]
    assert not _INSTALL.search(text.replace(str(file), "FILE")), text
    assert exc.path or str(file) in exc.problem or exc.problem.startswith("a case must be a table"), text
    assert not isinstance(exc, loanoverdue.PluginError)
    label = "error: " + kind(exc)
    OUTCOMES[label] += 1
    event(label)


def run_everything(case_file: Path, policy_file: Path | None) -> None:
    """Load, assess, render in both languages, check events; return quietly or raise."""
    registry = loanoverdue.default_registry()
    case = load_case(case_file)
    policies = [load_policy(policy_file)] if policy_file is not None else []
    result = loanoverdue.assess(case, registry, policies=policies)
    for lang in ("en", "zh-CN"):
        render_text(result, lang)
        render_markdown(result, lang)
        json.loads(result.to_json(lang))
    for i in range(min(len(case.events), 3)):
        check_event(case, i, registry, policies)
    later = case.as_of + timedelta(hours=1)
    check_event(case, loanoverdue.CollectionEvent(at=later, action="call", proposed=True), registry, policies)


def outcome(tmp: Path, text: str | bytes, fmt: str, policy: str | bytes | None, seed: int) -> None:
    case_file = tmp / f"case.{fmt}"
    case_file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    policy_file = None
    if policy is not None:
        policy_file = tmp / "policy.toml"
        policy_file.write_bytes(
            policy if isinstance(policy, bytes) else policy.encode("utf-8", "surrogatepass")
        )
    try:
        run_everything(case_file, policy_file)
    except InvalidInputError as exc:
        refused(exc, policy_file if policy_file is not None and str(policy_file) in str(exc) else case_file)
        return
    OUTCOMES["accepted"] += 1
    event("accepted")


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    target = os.environ.get("LOANOVERDUE_FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps(dict(OUTCOMES.most_common()), indent=2, ensure_ascii=False))


# -- the tests -------------------------------------------------------------------------


@FUZZ
@given(
    seed=st.integers(0, len(SEED_CASES) - 1),
    mutations=changes,
    fmt=st.sampled_from(["json", "toml"]),
    text_op=st.sampled_from(TEXT_OPS),
)
@example(seed=0, mutations=[Change((3, 0, 0), "set", "0001-01-01T00:00:00+14:00")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((0,), "set", "9999-12-31T00:00:00+08:00")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((2, 2), "set", "1e999999999")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((2, 2), "set", "1e9999999")], fmt="toml", text_op="")
@example(seed=0, mutations=[Change((3, 0), "set", "x")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((2, 7), "set", "x")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((1, 1), "set", "A" * 100_000)], fmt="json", text_op="")
@example(seed=1, mutations=[Change((2, 4), "set", "9999-12-30")], fmt="json", text_op="")
@example(seed=0, mutations=[Change((), "set", None)], fmt="json", text_op="huge-integer")
@example(seed=0, mutations=[Change((), "set", None)], fmt="toml", text_op="huge-integer")
@example(seed=0, mutations=[Change((), "set", None)], fmt="json", text_op="deep")
@example(seed=0, mutations=[Change((), "set", None)], fmt="toml", text_op="deep")
@example(seed=1, mutations=[Change((), "set", None)], fmt="json", text_op="bom")
@example(seed=1, mutations=[Change((), "set", None)], fmt="json", text_op="duplicate")
def test_mutated_case_files(
    tmp_path_factory: pytest.TempPathFactory, seed: int, mutations: list[Change], fmt: str, text_op: str
) -> None:
    data = json.loads(json.dumps(SEED_CASES[seed]))
    for change in mutations:
        data = apply(data, change)
    text = to_toml(data) if fmt == "toml" else to_json(data)
    outcome(tmp_path_factory.mktemp("fuzz"), spoil(text, text_op, fmt), fmt, None, seed)


def _generated(jurisdiction: str, timezone: str, currency: str) -> st.SearchStrategy[loanoverdue.Case]:
    return cases(jurisdiction=jurisdiction, timezone=timezone, currency=currency, max_events=8)


@FUZZ
@given(
    case=st.one_of(
        _generated("CN", "Asia/Shanghai", "CNY"),
        _generated("US-NY", "America/New_York", "USD"),
        _generated("XE-N", "Asia/Shanghai", "EXD"),
    ),
    mutations=st.lists(
        st.builds(Change, st.lists(st.integers(0, 40), max_size=4).map(tuple), st.just("set"), value),
        max_size=1,
    ),
    fmt=st.sampled_from(["json", "toml"]),
)
def test_generated_case_files(
    tmp_path_factory: pytest.TempPathFactory, case: loanoverdue.Case, mutations: list[Change], fmt: str
) -> None:
    data = case_to_dict(case)
    for change in mutations:
        data = apply(data, change)
    text = to_toml(data) if fmt == "toml" else to_json(data)
    outcome(tmp_path_factory.mktemp("fuzz"), text, fmt, None, 0)


def _policy_seed(which: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(SEED_POLICIES[which].read_text())


@FUZZ
@given(which=st.sampled_from(sorted(SEED_POLICIES)), mutations=changes, text_op=st.sampled_from(TEXT_OPS))
@example(which="CN", mutations=[Change((2, 5, 1), "set", 3_000_000)], text_op="")
@example(which="CN", mutations=[Change((2, 5), "add", 5, key="requires")], text_op="")
@example(which="CN", mutations=[Change((2, 4, 4), "set", "{x} {0}")], text_op="")
@example(which="CN", mutations=[Change((2, 4, 4), "set", [[[[[[[[]]]]]]]])], text_op="")
@example(which="XE", mutations=[Change((1, 1, 0), "set", "1e999999999")], text_op="deep")
def test_mutated_policy_files(
    tmp_path_factory: pytest.TempPathFactory, which: str, mutations: list[Change], text_op: str
) -> None:
    data = _policy_seed(which)
    for change in mutations:
        data = apply(data, change)
    seed = 0 if which == "XE" else 1
    policy = spoil(to_toml(data), text_op, "toml")
    outcome(tmp_path_factory.mktemp("fuzz"), to_json(SEED_CASES[seed]), "json", policy, seed)


def test_the_oracle_is_strict(tmp_path: Path) -> None:
    """What the fuzz tests count as a kept promise: an escaping exception of another type
    fails them, and so does an error in Python's words or naming the installation."""
    with pytest.raises(AssertionError):
        refused(
            InvalidInputError("borrower", "[Errno 36] File name too long: '/x/site-packages/tzdata'"),
            tmp_path,
        )
    with pytest.raises(AssertionError):
        refused(InvalidInputError("events[0]", "'str' object has no attribute 'keys'"), tmp_path)
    with pytest.raises(AssertionError):
        refused(InvalidInputError("", "something is wrong somewhere"), tmp_path)
    data = json.loads(json.dumps(SEED_CASES[0]))
    data["loan"]["outstanding"] = "1e999999999"
    import loanoverdue.model.money as money

    original = money.check_amount
    money.check_amount = lambda value, path: None  # the bound on amounts undone
    try:
        with pytest.raises(Exception) as info:
            outcome(tmp_path, to_json(data), "json", None, 0)
        assert not isinstance(info.value, InvalidInputError) or isinstance(info.value, AssertionError)
    finally:
        money.check_amount = original
