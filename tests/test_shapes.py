"""Rule shapes: ``[[rule.shape]]`` clauses in rules.toml, loaded strictly, and run by the
engine as the rule's check (first clause that holds gives the finding)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from loanoverdue import PluginError, Registry, assess, default_registry
from loanoverdue.datapack import DataPack
from loanoverdue.io import load_case
from loanoverdue.law import Clause, LocalTime, Shape, Verdict
from loanoverdue.law.data import DataError, load_rules
from loanoverdue.law.shape import in_window
from loanoverdue.vocabulary import Conduct, LenderKind

BASE = (
    'id = "zz.rule"\njurisdiction = "XE"\nweight = "civil"\nbasis = "law"\ntitle = "T"\n'
    'messages = { violation = "V", conditional = "C {target}", other = "O {local_time} {start} {end}" }\n'
)


def rules_file(tmp_path: Path, head: str, shape: str) -> Path:
    f = tmp_path / "rules.toml"
    f.write_text(f"[[rule]]\n{head}{BASE}{shape}")
    return f


@pytest.mark.parametrize(
    ("head", "shape", "where", "problem"),
    [
        (
            'scope = "case"\n',
            '[[rule.shape]]\nverdict = "violation"\n',
            r"rule\[0\]\.shape",
            "only event rules",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "guilty"\n',
            r"shape\[0\]\.verdict",
            "unknown value",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\ncolour = 1\n',
            r"shape\[0\]\.colour",
            "unknown key",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\nconduct = ["rudeness"]\n',
            r"shape\[0\]\.conduct\[0\]",
            "unknown value 'rudeness'",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\ntargets = []\n',
            r"shape\[0\]\.targets",
            "is empty",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\nparams = ["mood"]\n',
            r"shape\[0\]\.params\[0\]",
            "unknown value 'mood'",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\nparams = ["start"]\n',
            r"shape\[0\]\.params",
            "need a local_time window",
        ),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "violation"\nlocal_time = { start = "xe.a" }\n',
            r"shape\[0\]\.local_time\.end",
            "is required",
        ),
        ('scope = "event"\n', "shape = []\n", r"rule\[0\]\.shape", "has no clause"),
        (
            'scope = "event"\n',
            '[[rule.shape]]\nverdict = "info"\nlocal_time = { start = "xe.a", end = "xe.b" }\n'
            '[[rule.shape]]\nverdict = "violation"\n',
            r"rule\[0\]\.shape",
            "must be the shape's last clause",
        ),
    ],
)
def test_a_bad_shape_is_named_by_file_and_key(
    tmp_path: Path, head: str, shape: str, where: str, problem: str
) -> None:
    f = rules_file(tmp_path, head, shape)
    with pytest.raises(DataError, match=rf"rules\.toml: (rule\[0\]\.)?{where}: .*{problem}"):
        load_rules(f, {})


def test_a_shaped_rule_has_no_check_function(tmp_path: Path) -> None:
    f = rules_file(tmp_path, 'scope = "event"\n', '[[rule.shape]]\nverdict = "violation"\n')
    with pytest.raises(DataError, match=r"rule\[0\]\.shape: rule 'zz.rule' has a shape and a check function"):
        load_rules(f, {"zz.rule": lambda ctx: None})
    (rule,) = load_rules(f, {})
    assert rule.shape is not None and rule.check is rule.shape


def test_a_pack_with_a_bad_shape_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "zz_shaped_pack"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    rules_file(
        package / "data", 'scope = "event"\n', '[[rule.shape]]\nverdict = "violation"\nplaces = ["moon"]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(
        PluginError,
        match=r"zz_shaped_pack.*rules\.toml: rule\[0\]\.shape\[0\]\.places\[0\]: unknown value 'moon'",
    ):
        Registry.build([DataPack("zz_shaped_pack")], entry_points=False)


def test_windows_wrap_midnight() -> None:
    night = (time(22), time(8))
    assert (
        in_window(time(23, 59), *night) and in_window(time(0), *night) and in_window(time(7, 59, 59), *night)
    )
    assert not in_window(time(8), *night) and not in_window(time(21, 59), *night)
    day = (time(8), time(21))
    assert in_window(time(8), *day) and not in_window(time(21), *day)


def test_clause_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match="named twice"):
        Clause(Verdict.INFO, params=("target", "target"))
    with pytest.raises(ValueError, match="at least one clause"):
        Shape(())


def test_the_lender_kinds_of_every_clause_make_the_precondition() -> None:
    banks = frozenset({LenderKind.BANK})
    assert Shape((Clause(Verdict.VIOLATION, lender_kinds=banks),)).precondition() is not None
    assert Shape((Clause(Verdict.VIOLATION, lender_kinds=banks), Clause(Verdict.INFO))).precondition() is None


# -- the engine runs a shape as the rule's check -------------------------------------------


def _cn_case(events: list[dict[str, Any]], kind: str = "bank") -> dict[str, Any]:
    return {
        "as_of": "2025-06-30T12:00:00+08:00",
        "borrower": {"jurisdiction": "CN", "timezone": "Asia/Shanghai"},
        "loan": {
            "product": "installment",
            "principal": "10000",
            "outstanding": "8000",
            "currency": "CNY",
            "due_date": "2025-01-10",
            "lender": {"kind": kind},
        },
        "events": events,
    }


def _findings(case: dict[str, Any], rule: str) -> list[Any]:
    return [f for f in assess(load_case(case), default_registry()).findings if f.rule == rule]


def test_first_clause_that_holds_gives_the_finding() -> None:
    registry = default_registry()
    shape = registry.rules["cn.home.photographed.psapl_2012"].shape
    assert shape is not None and [c.verdict for c in shape.clauses] == [
        Verdict.VIOLATION,
        Verdict.CONDITIONAL,
    ]
    visit = {"at": "2025-03-01T10:00:00+08:00", "action": "home_visit", "actor": "collection_agency"}
    told = _findings(
        _cn_case([{**visit, "conduct": ["photographed", "disclosure"]}]), "cn.home.photographed.psapl_2012"
    )
    alone = _findings(_cn_case([{**visit, "conduct": ["photographed"]}]), "cn.home.photographed.psapl_2012")
    assert [f.verdict for f in told] == [Verdict.VIOLATION]
    assert [f.verdict for f in alone] == [Verdict.CONDITIONAL]


def test_a_window_clause_lists_its_parameters_and_fills_its_message() -> None:
    call = {"action": "call", "actor": "collection_agency"}
    night = _cn_case(
        [{**call, "at": "2025-03-01T23:30:00+08:00"}, {**call, "at": "2025-03-02T10:00:00+08:00"}]
    )
    (finding,) = _findings(night, "cn.contact.quiet_hours.self_regulatory")
    assert finding.event == 0
    assert [u.id for u in finding.parameters] == [
        "cn.contact.quiet_hours_start",
        "cn.contact.quiet_hours_end",
    ]
    registry = default_registry()
    chain = registry.chain("CN")
    bounds = [registry.parameter_value(u.id, chain, date(2025, 3, 1)) for u in finding.parameters]
    start, end = (found[1].value for found in bounds if found is not None)
    assert dict(finding.params) == {"local_time": time(23, 30), "start": start, "end": end}
    by_borrower = _cn_case(
        [{**call, "at": "2025-03-01T23:30:00+08:00", "initiated_by": "borrower", "target": "borrower"}]
    )
    assert _findings(by_borrower, "cn.contact.quiet_hours.self_regulatory") == []


def test_a_lender_kind_clause_holds_only_for_those_lenders() -> None:
    threat = [{"at": "2025-03-01T10:00:00+08:00", "action": "call", "actor": "lender", "conduct": ["threat"]}]
    rule = "cn.improper_means.bank_consumer_protection"
    assert [f.verdict for f in _findings(_cn_case(threat, "bank"), rule)] == [Verdict.VIOLATION]
    assert _findings(_cn_case(threat, "private_individual"), rule) == []
    assert default_registry().rules[rule].applies is not None  # spared for other lenders


def test_shaped_rules_of_the_china_pack() -> None:
    shaped = {r.id for r in default_registry().rules.values() if r.shape is not None}
    assert len(shaped) >= 37
    assert {
        "cn.violence.psapl_2025",
        "cn.reputation.civil",
        "cn.contact.quiet_hours.self_regulatory",
    } <= shaped
    window = default_registry().rules["cn.contact.quiet_hours.self_regulatory"].shape
    assert window is not None and window.clauses[0].local_time == LocalTime(
        "cn.contact.quiet_hours_start", "cn.contact.quiet_hours_end"
    )
    assert Conduct.VIOLENCE in (default_registry().rules["cn.violence.criminal"].conduct or ())
