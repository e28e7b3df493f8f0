"""Validation fills the articles' statuses into one shared citation per article and
leaves alone what needs nothing filled in."""

from __future__ import annotations

import types

from loanoverdue import Registry, hookimpl
from loanoverdue.law import Basis, Citation, Instrument, Parameter, ParameterValue, SourceStatus, Text
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.period import Period
from loanoverdue.law.source import Article, Layer


def _pack() -> types.ModuleType:
    act = Instrument(
        id="zz.act",
        layer=Layer.LAW,
        title=Text("Act"),
        jurisdiction="ZZ",
        period=Period(),
        status=SourceStatus.SECONDARY,
        articles={"1": Article("1", SourceStatus.VERIFIED), "2": Article("2", SourceStatus.UNVERIFIED)},
    )

    def parameter(pid: str, *cites: Citation) -> Parameter:
        return Parameter(
            id=pid,
            jurisdiction="ZZ",
            title=Text(pid),
            basis=Basis.LAW,
            status=SourceStatus.SECONDARY,
            values=(ParameterValue(start=None, value="x"),),
            citations=cites,
        )

    pack = types.ModuleType("zz_shares")
    pack.loanoverdue_jurisdictions = hookimpl(lambda: [Jurisdiction("ZZ", Text("Zedland"))])  # type: ignore[attr-defined]
    pack.loanoverdue_instruments = hookimpl(lambda: [act])  # type: ignore[attr-defined]
    pack.given = [  # type: ignore[attr-defined]
        parameter("zz.a", Citation("zz.act", "1")),
        parameter("zz.b", Citation("zz.act", "1"), Citation("zz.act", "2")),
        parameter("zz.filled", Citation("zz.act", "2", SourceStatus.SECONDARY)),
    ]
    pack.loanoverdue_parameters = hookimpl(lambda: pack.given)  # type: ignore[attr-defined]
    return pack


def test_one_citation_per_article_and_nothing_copied_that_needs_nothing() -> None:
    pack = _pack()
    registry = Registry.build([pack], entry_points=False)
    a, b = registry.parameters[("zz.a", "ZZ")], registry.parameters[("zz.b", "ZZ")]
    assert a.citations == (Citation("zz.act", "1", SourceStatus.VERIFIED),)
    assert b.citations[1] == Citation("zz.act", "2", SourceStatus.UNVERIFIED)
    assert a.citations[0] is b.citations[0]  # shared
    filled = registry.parameters[("zz.filled", "ZZ")]
    assert filled is pack.given[2]  # its citation carried its status: not copied
    assert filled.citations[0].status is SourceStatus.SECONDARY  # a status given is kept
