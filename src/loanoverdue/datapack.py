"""``DataPack``: a rule pack whose law lives in data files, in one line of Python.

Most packs implement the same hooks the same way: read ``instruments.toml``,
``parameters.toml``, ``rules.toml``, ``policies.toml`` and ``jurisdictions.toml`` from
their data folder and hand over their check functions, calculators, factor providers and
advice contributors. A ``DataPack`` is that pack::

    # loanoverdue_xx/__init__.py
    PACK = DataPack(__name__, info=PackInfo("xx", "1.0"), checks=CHECKS, calculators=CALCULATORS)

    # pyproject.toml
    [project.entry-points.loanoverdue]
    xx = "loanoverdue_xx:PACK"

Each data file is optional; a pack with check functions must have a ``rules.toml``.
Platform policy files are named explicitly (``platform_policies=("policies/app.toml",)``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from loanoverdue.components import AdviceContributor, Calculator, FactorProvider, LetterWriter, PackInfo
from loanoverdue.files.pack_data import data_folder
from loanoverdue.files.platform_policy import parse_platform_policy
from loanoverdue.hooks import hookimpl
from loanoverdue.law.data import (
    DataError,
    load_instruments,
    load_jurisdictions,
    load_parameters,
    load_policies,
    load_rules,
    read_built,
)
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Rule
from loanoverdue.law.source import Instrument

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["DataPack"]


class DataPack:
    """A pack that implements the hooks from its package's data folder and the
    functions it is given (checks, calculators, advice contributors, letter writers,
    factor providers). ``package`` is the import name (``__name__``); ``data`` the
    folder inside it."""

    def __init__(
        self,
        package: str,
        *,
        info: PackInfo | None = None,
        checks: Mapping[str, Callable[[Any], Any]] | None = None,
        calculators: Iterable[Calculator] = (),
        advice: Iterable[AdviceContributor] = (),
        factors: Iterable[FactorProvider] = (),
        letters: Iterable[LetterWriter] = (),
        jurisdictions: Iterable[Jurisdiction] = (),
        platform_policies: Iterable[str] = (),
        data: str = "data",
    ) -> None:
        self.__name__ = package
        self.info = info
        # kept as given: a Checks mapping carries the rules' preconditions to load_rules
        self.checks: Mapping[str, Callable[[Any], Any]] = checks if checks is not None else {}
        self.calculators = tuple(calculators)
        self.advice = tuple(advice)
        self.factors = tuple(factors)
        self.letters = tuple(letters)
        self.jurisdictions = tuple(jurisdictions)
        self.platform_policy_files = tuple(platform_policies)
        self.data = data

    def __repr__(self) -> str:
        return f"<DataPack {self.__name__}>"

    def _file(self, name: str) -> str | Traversable | None:
        folder = data_folder(self.__name__, self.data)
        if isinstance(folder, str):
            path = os.path.join(folder, name)
            return path if os.path.isfile(path) else None
        resource = folder / name
        return resource if resource.is_file() else None

    @hookimpl
    def loanoverdue_pack_info(self) -> PackInfo | None:
        return self.info

    @hookimpl
    def loanoverdue_jurisdictions(self) -> tuple[Jurisdiction, ...]:
        path = self._file("jurisdictions.toml")
        return self.jurisdictions + (() if path is None else load_jurisdictions(path))

    @hookimpl
    def loanoverdue_instruments(self) -> tuple[Instrument, ...] | None:
        path = self._file("instruments.toml")
        return None if path is None else load_instruments(path)

    @hookimpl
    def loanoverdue_parameters(self) -> tuple[Parameter, ...] | None:
        path = self._file("parameters.toml")
        return None if path is None else load_parameters(path)

    @hookimpl
    def loanoverdue_rules(self) -> tuple[Rule, ...] | None:
        path = self._file("rules.toml")
        if path is None:
            if self.checks:
                raise DataError(
                    f"{self.__name__}/{self.data}/rules.toml", "", "missing, but check functions are given"
                )
            return None
        return load_rules(path, self.checks)

    @hookimpl
    def loanoverdue_escalation_policies(self) -> tuple[EscalationPolicy, ...] | None:
        path = self._file("policies.toml")
        return None if path is None else load_policies(path)

    @hookimpl
    def loanoverdue_platform_policies(self) -> list[PlatformPolicy]:
        # read through the cache of built law, like the pack's other data files; a shipped
        # policy is named by package and file, not by where it is installed, so the trace
        # reads the same on every machine
        out = []
        for name in self.platform_policy_files:
            folder = data_folder(self.__name__, "")
            origin = f"{self.__name__}/{name}"

            def build(_file: str, data: dict[str, Any], origin: str = origin) -> list[PlatformPolicy]:
                return [parse_platform_policy(data, origin)]

            path = os.path.join(folder, name) if isinstance(folder, str) else folder / name
            _, (policy,), _ = read_built(path, "platform_policy", build, about=origin)
            out.append(policy)
        return out

    @hookimpl
    def loanoverdue_calculators(self) -> tuple[Calculator, ...]:
        return self.calculators

    @hookimpl
    def loanoverdue_advice(self) -> tuple[AdviceContributor, ...]:
        return self.advice

    @hookimpl
    def loanoverdue_letters(self) -> tuple[LetterWriter, ...]:
        return self.letters

    @hookimpl
    def loanoverdue_outlook_factors(self) -> tuple[FactorProvider, ...]:
        return self.factors
