"""What a rule pack contributes besides law data: its identity, consequence calculators,
outlook factors, advice contributors and letter writers.

Each is a frozen value class holding plain functions; the registry collects them once,
and the engine calls the functions per case with no plugin dispatch. The functions are
typed with the protocols of :mod:`loanoverdue.protocols`: what the engine hands them.
Pack authors import these names from :mod:`loanoverdue.pack`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue.law.text import Text
from loanoverdue.vocabulary import Action

if TYPE_CHECKING:
    from loanoverdue.law.policy import Step
    from loanoverdue.protocols import CaseContext, Draft
    from loanoverdue.results import Advice, Factor, Letter

__all__ = [
    "AdviceContributor",
    "Calculator",
    "Consequence",
    "FactorProvider",
    "LetterWriter",
    "PackInfo",
]


@attrs.frozen
class PackInfo:
    """A pack's identity as shown by ``loanoverdue packs``. When a pack does not say,
    the registry takes name and version from the distribution."""

    name: str
    version: str
    title: Text | None = None
    url: str | None = None


class Consequence(StrEnum):
    """The case-level consequences a calculator can compute."""

    LIMITATION = "limitation"
    CREDIT = "credit"
    INTEREST = "interest"
    EXPOSURE = "exposure"


@attrs.frozen
class Calculator:
    """Computes one consequence for cases of ``jurisdiction`` (and the jurisdictions
    below it). The most specific jurisdiction's calculator wins. ``compute`` returns the
    matching result class (:class:`~loanoverdue.results.Limitation`, …) or ``None`` when
    it does not apply."""

    id: str
    jurisdiction: str
    consequence: Consequence
    compute: Callable[[CaseContext], Any]


@attrs.frozen
class FactorProvider:
    """Adds factors to outlook entries of ``actions`` (all when ``None``) for cases of
    ``jurisdiction``: e.g. a protection that blocks a step, or a lender kind that makes
    it rarer. Called with the case context and the step being assessed."""

    id: str
    jurisdiction: str
    provide: Callable[[CaseContext, Step], Iterable[Factor]]
    actions: frozenset[Action] | None = None


@attrs.frozen
class AdviceContributor:
    """Produces advice for cases of ``jurisdiction`` from the draft assessment (findings,
    outlook, consequences already computed)."""

    id: str
    jurisdiction: str
    advise: Callable[[CaseContext, Draft], Iterable[Advice]]


@attrs.frozen
class LetterWriter:
    """Writes letters the borrower can send (:class:`~loanoverdue.results.Letter`) for
    cases of ``jurisdiction`` (and the jurisdictions below it), from the draft
    assessment: findings, outlook and consequences already computed. ``kinds`` lists
    the letter kinds it can write (``loanoverdue letter --kind`` offers them); it may
    write none of them for a case where they do not fit. A letter's ``kind`` must be
    one of ``kinds``, and no two writers of one chain may write the same kind."""

    id: str
    jurisdiction: str
    kinds: tuple[str, ...]
    write: Callable[[CaseContext, Draft], Iterable[Letter]]
