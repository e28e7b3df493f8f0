"""Overrides: parameter values set for one assessment instead of the packs' own.

Every assumption a pack makes is a parameter, so overriding one needs no pack of one's
own: ``assess(case, overrides={"cn.contact.quiet_hours_start": "22:00"})`` or, on the
command line, ``--set cn.contact.quiet_hours_start=22:00``. An overridden value holds
on every day of the assessment; findings that rest on it list it as an assumption
(``basis = assumption``, ``status = unverified``, ``overridden``), and its trace entry
says what the pack's value was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from loanoverdue._frozen import frozen_mapping
from loanoverdue.engine.indexes import HeldValue
from loanoverdue.errors import InvalidInputError
from loanoverdue.law.parameter import ParameterValue
from loanoverdue.law.rule import Basis
from loanoverdue.law.source import SourceStatus
from loanoverdue.registry import Registry
from loanoverdue.results import ParameterUse

__all__ = ["resolve_overrides"]


def resolve_overrides(
    registry: Registry, chain: tuple[str, ...], overrides: Mapping[str, object], today: date
) -> dict[str, HeldValue]:
    """The overridden values as the engine holds them, checked: each id must be a
    parameter along ``chain`` and each value of its type (text is converted, so a
    command line's ``"22:00"`` is a time). :class:`InvalidInputError` at
    ``overrides.ID`` otherwise."""
    out: dict[str, HeldValue] = {}
    for pid, raw in overrides.items():
        path = f"overrides.{pid}" if isinstance(pid, str) and len(pid) <= 100 else "overrides"
        param = registry.parameter(pid, chain) if isinstance(pid, str) else None
        if param is None:
            raise InvalidInputError(
                path, f"no parameter of this id for {chain[0]} (see 'loanoverdue explain RULE_ID')"
            )
        try:
            value = param.coerce(raw)
        except ValueError as exc:
            raise InvalidInputError(path, str(exc)) from None
        was = registry.parameter_value(pid, chain, today)
        use = ParameterUse(pid, param.jurisdiction, value, Basis.ASSUMPTION, SourceStatus.UNVERIFIED, True)
        detail = frozen_mapping(
            {
                "jurisdiction": param.jurisdiction,
                "value": value,
                "from": None,
                "to": None,
                "basis": Basis.ASSUMPTION.value,
                "status": SourceStatus.UNVERIFIED.value,
                "citations": (),
                "overridden": True,
                "pack_value": None if was is None else was[1].value,
            }
        )
        out[pid] = HeldValue(date.min, date.max, param, ParameterValue(None, value), use, detail)
    return out
