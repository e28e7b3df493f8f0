"""The one-line question as a case: "9,000 owed, 60 days overdue, in CN".

:func:`quick_case` builds the :class:`~loanoverdue.model.Case` that ``loanoverdue
quick`` and the borrower's page assess, and says what it assumed to do so (the lender
kind, the product, the time zone, the due date): an
:class:`~loanoverdue.results.Assumption` each, shown with the answer, with how to give
the real value. Amounts and rates are read strictly: ``--annual-rate 36`` is refused
as ambiguous rather than read as 3,600 %.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from loanoverdue.errors import InvalidInputError, UnknownJurisdictionError
from loanoverdue.law.text import Text
from loanoverdue.model import Borrower, Case, CollectionEvent, Lender, LenderKind, Loan, Money, Product
from loanoverdue.model.limits import EARLIEST_DATE
from loanoverdue.registry import Registry
from loanoverdue.results import Assumption

__all__ = ["jurisdiction_code", "parse_amount", "parse_rate", "quick_case", "suggest"]

_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def suggest(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or an empty string."""
    found = difflib.get_close_matches(word, list(choices), n=2, cutoff=0.5)
    if not found:
        lowered = {c.lower(): c for c in choices}
        found = [lowered[w] for w in difflib.get_close_matches(word.lower(), list(lowered), n=2, cutoff=0.6)]
    if not found:
        return ""
    return " (did you mean " + " or ".join(repr(f) for f in found) + "?)"


def jurisdiction_code(registry: Registry, code: str, path: str = "--jurisdiction") -> str:
    """``code`` as the registry spells it (``cn-bj`` -> ``CN-BJ``), or an
    :class:`~loanoverdue.errors.UnknownJurisdictionError` naming the closest codes."""
    wanted = code.strip().upper()
    if wanted in registry.jurisdictions:
        return wanted
    covered = sorted(registry.jurisdictions)
    tops = ", ".join(c for c in covered if "-" not in c) or "none"
    raise UnknownJurisdictionError(
        path, f"no installed rule pack covers {code!r}{suggest(wanted, covered)}; installed: {tops} and their subdivisions"
    )


def parse_amount(value: str, path: str = "--amount") -> Decimal:
    """A money amount as people write it: ``9000``, ``9,000.50``; never negative."""
    text = value.strip()
    if text.startswith("-") and _AMOUNT.match(text[1:]):
        raise InvalidInputError(path, f"{text} is negative")
    if not _AMOUNT.match(text):
        raise InvalidInputError(path, f"{value!r} is not an amount (write it like 9000 or 9,000.50)")
    return Decimal(text.replace(",", ""))


def parse_rate(value: str, path: str = "--annual-rate") -> Decimal:
    """An annual rate as a fraction: ``36%`` and ``0.36`` both give ``0.36``. A bare
    number of 1 or more (``36``, ``1``) is refused: it could be a percentage or a
    fraction, and reading ``36`` as 3,600 % would be a bad guess."""
    text = value.strip().replace(" ", "")
    percent = text.endswith("%")
    number = text[:-1] if percent else text
    try:
        rate = Decimal(number)
    except InvalidOperation:
        raise InvalidInputError(path, f"{value!r} is not a rate (write 36% or 0.36)") from None
    if not rate.is_finite() or rate < 0:
        raise InvalidInputError(path, f"{value!r} is not a rate (write 36% or 0.36)")
    if percent:
        return (rate / 100).normalize() if rate else Decimal("0")
    if rate >= 1:
        raise InvalidInputError(
            path,
            f"{value!r} is ambiguous: write {value}% for {value} percent a year, or a fraction below 1 "
            f"(0.36 is 36 % a year)",
        )
    return rate


_LENDER_KIND = Text(
    {
        "en": "The lender is assumed to be an online microlender: the kind of lender decides the interest line the courts use and where to complain.",
        "zh-CN": "假设出借方为网络小额贷款公司：出借方的类型决定法院掌握的利率标准和投诉渠道。",
    }
)
_PRODUCT = Text(
    {
        "en": "The loan is assumed to be an instalment loan.",
        "zh-CN": "假设借款为分期贷款。",
    }
)
_TIMEZONE = Text(
    {
        "en": "Times are read in {tz}, the usual time zone of {jurisdiction}.",
        "zh-CN": "时间按{jurisdiction}通常使用的时区{tz}计算。",
    }
)
_DUE = Text(
    {
        "en": "The first missed due date is taken as {days} days before the assessment: {due}.",
        "zh-CN": "首次逾期的还款日按评估日前{days}天计算：{due}。",
    }
)


def quick_case(
    registry: Registry,
    jurisdiction: str,
    amount: Decimal,
    days_overdue: int,
    *,
    lender_kind: LenderKind | str | None = None,
    product: Product | str | None = None,
    platform: str | None = None,
    annual_rate: Decimal | None = None,
    currency: str | None = None,
    timezone: str | None = None,
    as_of: datetime | None = None,
    events: Sequence[CollectionEvent] = (),
    lender_name: str | None = None,
) -> tuple[Case, tuple[Assumption, ...]]:
    """The case of the one-line question, and what was assumed to build it.

    ``jurisdiction`` may be written in lower case; ``currency`` must be the
    jurisdiction's own (a CNY threshold is never shown as USD) and defaults to it, as
    ``timezone`` does; ``as_of`` defaults to now in the borrower's zone and may be
    naive (then it is read in that zone). Raises
    :class:`~loanoverdue.errors.InvalidInputError` naming the option at fault."""
    from loanoverdue.dates import long_date

    code = jurisdiction_code(registry, jurisdiction)
    chain = registry.chain(code)
    expected = next((registry.jurisdictions[c].currency for c in chain if registry.jurisdictions[c].currency), None)
    assumed: list[Assumption] = []
    if currency is None:
        if expected is None:
            raise InvalidInputError("--currency", f"required: no pack gives a default currency for {code}")
        currency = expected
    currency = currency.strip().upper()
    if expected is not None and currency != expected:
        raise InvalidInputError(
            "--currency",
            f"{currency} is not the currency of {code}: its packs count amounts and thresholds in {expected}",
        )
    tz_name = timezone or next(
        (registry.jurisdictions[c].timezone for c in chain if registry.jurisdictions[c].timezone), None
    )
    if tz_name is None:
        raise InvalidInputError("--timezone", f"required: no pack gives a default time zone for {code}")
    if timezone is None:
        name = registry.jurisdictions[code].name
        explained = Text(
            {lang: _TIMEZONE.get(lang).format(tz=tz_name, jurisdiction=name.get(lang)) for lang in _TIMEZONE.languages}
        )
        assumed.append(Assumption("borrower.timezone", tz_name, explained, "--timezone ZONE"))
    if days_overdue < 0:
        raise InvalidInputError("--days-overdue", "must not be negative")
    if amount < 0:
        raise InvalidInputError("--amount", "must not be negative")
    borrower = Borrower(jurisdiction=code, timezone=tz_name)
    if as_of is None:
        as_of = datetime.now(borrower.tz).replace(microsecond=0)
    elif as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=borrower.tz)
    today = as_of.astimezone(borrower.tz).date()
    if days_overdue > (today - EARLIEST_DATE).days:
        raise InvalidInputError(
            "--days-overdue",
            f"{days_overdue:,} days before {today} is before {EARLIEST_DATE}, the earliest date accepted",
        )
    due: date = today - timedelta(days=days_overdue)
    assumed.append(
        Assumption(
            "loan.due_date",
            due.isoformat(),
            Text(
                {
                    lang: _DUE.get(lang).format(days=days_overdue, due=long_date(due, lang))
                    for lang in _DUE.languages
                }
            ),
            "--days-overdue DAYS",
        )
    )
    if lender_kind is None:
        lender_kind = LenderKind.ONLINE_MICROLENDER
        kinds = ", ".join(k.value for k in LenderKind)
        assumed.append(Assumption("loan.lender.kind", lender_kind.value, _LENDER_KIND, f"--lender-kind ({kinds})"))
    if product is None:
        product = Product.INSTALLMENT
        assumed.append(
            Assumption(
                "loan.product", product.value, _PRODUCT, "--product (" + ", ".join(p.value for p in Product) + ")"
            )
        )
    try:
        money = Money(amount, currency)
    except InvalidInputError as exc:
        raise InvalidInputError("--amount" if exc.path == "amount" else "--currency", exc.problem) from None
    loan = Loan(
        product=product,
        principal=money,
        outstanding=money,
        due_date=due,
        lender=Lender(kind=lender_kind, platform=platform, name=lender_name),
        annual_rate=annual_rate,
    )
    case = Case(as_of=as_of, borrower=borrower, loan=loan, events=tuple(events))
    # the order people read them in: who lent, what, when, in which zone
    order = {"loan.lender.kind": 0, "loan.product": 1, "loan.due_date": 2, "borrower.timezone": 3}
    return case, tuple(sorted(assumed, key=lambda x: order[x.field]))
