"""Letters a borrower in China can send, filled with the facts of the case, in Chinese
(the version to send) and English (a translation to read). Texts are in
``data/letters.toml``.

- ``repayment_plan``: a request to the lender for a repayment plan (no law gives a
  right to one: basis ``assumption``; the letter asks for the annualised cost the
  PBOC announcement requires lenders to show);
- ``card_instalment``: for a bank's credit card, a request for the personalised
  instalment agreement of Credit Card Measures art. 70;
- ``complaint``: a complaint about abusive collection to the lender's regulator (NFRA
  for banks, card issuers and consumer-finance companies, the local financial regulator
  for microlenders, the PBOC for credit reporting), with the violations found as its
  particulars;
- ``stop_third_parties``: a written demand that collectors stop contacting family,
  employer and contacts, with those contacts as particulars.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from loanoverdue.pack import (
    Basis,
    CaseContext,
    Citation,
    Draft,
    Finding,
    LenderKind,
    Letter,
    LetterWriter,
    Money,
    Text,
    Verdict,
)
from loanoverdue_cn.facts import bank_card_debt, cites, shared
from loanoverdue_cn.texts import texts_of

__all__ = ["KINDS", "LETTERS", "write"]

KINDS = ("repayment_plan", "card_instalment", "complaint", "stop_third_parties")
CC = "cn.civil_code"
_EMPTY = Text({"en": "", "zh-CN": ""})


def _t(key: str) -> Text:
    return texts_of("letters.toml")[key]


def _fill(key: str, **params: object) -> Text:
    """The text ``key`` with ``params`` filled in each language (texts as texts)."""
    found = _t(key)
    out = {}
    for lang in found.languages:
        values = {k: (v.get(lang) if isinstance(v, Text) else v) for k, v in params.items()}
        out[lang] = found.get(lang).format_map(values)
    return Text(out)


def yuan(money: Money) -> Text:
    """An amount as people write it: ``9,380.50元`` / ``CNY 9,380.50``."""
    if money.currency == "CNY":
        return Text({"en": f"CNY {money.amount:,.2f}", "zh-CN": f"{money.amount:,.2f}元"})
    return Text({"en": str(money), "zh-CN": str(money)})


def _facts(ctx: CaseContext) -> dict[str, object]:
    """What every letter says about the loan. Its texts are values: each is made once
    per registry and the facts it shows."""
    loan = ctx.case.loan
    name, platform_id, contract_date = loan.lender.name, loan.lender.platform, loan.contract_date
    lender = (
        shared(ctx, ("letters.lender", name), lambda: Text(name)) if name else _t("common.lender_blank")
    )
    platform = (
        shared(ctx, ("letters.platform", platform_id), lambda: _fill("common.platform_clause", platform=platform_id))
        if platform_id
        else _EMPTY
    )
    contract = (
        shared(
            ctx,
            ("letters.contract", contract_date),
            lambda: _fill("common.contract_clause", contract=_written(contract_date)),
        )
        if contract_date is not None
        else _EMPTY
    )
    return {
        "identity": _t("common.identity"),
        "lender": lender,
        "platform_clause": platform,
        "contract_clause": contract,
        "principal": _yuan(ctx, loan.principal),
        "outstanding": _yuan(ctx, loan.outstanding),
        "due": loan.due_date,
        "today": ctx.today,
        "dpd": ctx.dpd,
        "translation": _t("common.translation"),
    }


def _yuan(ctx: CaseContext, money: Money) -> Text:
    return shared(ctx, ("letters.yuan", str(money.amount), money.currency), lambda: yuan(money))


def _note(ctx: CaseContext, key: str, **params: object) -> Text:
    """The note ``key`` filled, made once per registry and parameters."""
    return shared(ctx, ("letters.note", key, *sorted(params.items())), lambda: _fill(key, **params))


def _written(day: date) -> Text:
    from loanoverdue.pack import long_date

    return Text({"en": long_date(day, "en"), "zh-CN": long_date(day, "zh-CN")})


def _order(c: Citation) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Citations in reading order: art. 6 before art. 13."""
    parts = re.split(r"(\d+)", c.article)
    return c.instrument, tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts if p)


def _sorted(cited: set[Citation]) -> tuple[Citation, ...]:
    return tuple(sorted(cited, key=_order))


def _letter(
    day: date,
    kind: str,
    params: Mapping[str, object],
    body: tuple[str, ...],
    *,
    to: Text | None = None,
    note: Text,
    citations: tuple[Citation, ...],
    basis: Basis,
    particulars: tuple[int, ...] = (),
    because: tuple[str, ...] = (),
    sign_off: str = "common.sign_off",
) -> Letter:
    return Letter(
        id=f"cn.letter.{kind}",
        kind=kind,
        title=_t(f"{kind}.title"),
        to=to if to is not None else _t(f"{kind}.to"),
        subject=_t(f"{kind}.subject"),
        body=tuple(_t(f"{kind}.{part}") for part in body),
        params=params,
        sign_off=_t(sign_off),
        particulars=particulars,
        note=note,
        citations=citations,
        because=because,
        basis=basis,
        day=day,
    )


def write(ctx: CaseContext, draft: Draft) -> list[Letter]:
    """The letters that fit the case: none once the loan is repaid; the requests for a
    plan while it is overdue; the complaint when collection broke a rule; the demand
    to stop contacting third parties when collectors contacted any."""
    loan = ctx.case.loan
    if loan.repaid_on is not None:
        return []
    facts = _facts(ctx)
    translation = facts["translation"]
    out: list[Letter] = []
    if ctx.dpd > 0:
        out.append(
            _letter(
                ctx.today,
                "repayment_plan",
                facts,
                ("facts", "request", "cost", "reply"),
                note=_note(ctx, "repayment_plan.note", translation=translation),
                citations=cites(ctx, "cn.pboc_announcement_2021_3", "general") + cites(ctx, CC, "670", "195"),
                basis=Basis.ASSUMPTION,
                because=("stage",),
            )
        )
        # the Credit Card Measures (art. 70) are not in force before 2011-01-13: no such letter
        years = ctx.param_or("cn.credit_card.instalment_plan_max_years", None) if bank_card_debt(loan) else None
        if years is not None:
            out.append(
                _letter(
                    ctx.today,
                    "card_instalment",
                    {**facts, "years": years},
                    ("facts", "request", "effect", "reply"),
                    note=_note(ctx, "card_instalment.note", translation=translation),
                    citations=cites(ctx, "cn.credit_card_measures", "70"),
                    basis=Basis.REGULATION,
                    because=("lender_kind",),
                )
            )
    complaint = _complaint(ctx, draft, facts)
    if complaint is not None:
        out.append(complaint)
    third = _third_parties(ctx, draft, facts)
    if third is not None:
        out.append(third)
    return out


def _violations(draft: Draft) -> tuple[tuple[int, Finding], ...]:
    return tuple(
        (i, f) for i, f in enumerate(draft.findings) if f.verdict is Verdict.VIOLATION and not f.proposed
    )


def _complaint(ctx: CaseContext, draft: Draft, facts: dict[str, object]) -> Letter | None:
    found = _violations(draft)
    kind = ctx.case.loan.lender.kind
    if not found or kind is LenderKind.PRIVATE_INDIVIDUAL:
        return None  # no regulator supervises a private lender: the advice says where to turn
    pboc = ctx.param("cn.contacts.pboc_hotline")
    nfra = ctx.param("cn.contacts.financial_regulator_hotline")
    local = kind is LenderKind.ONLINE_MICROLENDER
    credit_only = all(f.rule.startswith("cn.credit_report.") for _, f in found)
    lender = facts["lender"]
    to = shared(ctx, ("letters.complaint.to", credit_only, local, nfra, pboc, lender), lambda: _addressee(
        credit_only, local, nfra, pboc, lender
    ))
    channels = (
        _note(ctx, "complaint.channels_local", pboc=pboc)
        if local
        else _note(ctx, "complaint.channels_national", nfra=nfra, pboc=pboc)
    )
    citations = tuple(c for _, f in found for c in f.citations)
    return _letter(
        ctx.today,
        "complaint",
        facts,
        ("facts", "request", "not_disputed"),
        to=to,
        note=_note(ctx, "complaint.note", channels=channels, translation=facts["translation"]),
        citations=shared(
            ctx,
            ("letters.complaint.cites", frozenset(citations)),
            lambda: _sorted({*citations, *cites(ctx, "cn.credit_reporting_regulation", "26")}),
        ),
        basis=Basis.LAW,
        particulars=tuple(i for i, _ in found),
        because=tuple(sorted({f.rule for _, f in found})),
        sign_off="common.sign_off_complaint",
    )


def _addressee(credit_only: bool, local: bool, nfra: object, pboc: object, lender: object) -> Text:
    if credit_only:
        return _fill("complaint.to_pboc", pboc=pboc)
    if local:
        return _fill("complaint.to_local", lender=lender)
    return _fill("complaint.to_national", nfra=nfra)


def _third_parties(ctx: CaseContext, draft: Draft, facts: dict[str, object]) -> Letter | None:
    seen: set[int] = set()
    particulars = []
    rules = set()
    for i, f in enumerate(draft.findings):
        if (
            f.rule.startswith("cn.third_party.")
            and f.verdict is not Verdict.INFO
            and not f.proposed
            and f.event is not None
            and f.event not in seen
        ):
            seen.add(f.event)
            particulars.append(i)
            rules.add(f.rule)
    if not particulars:
        return None
    card = bank_card_debt(ctx.case.loan)
    cited = cites(ctx, CC, "1032", "1034", "1037", "1038") + cites(ctx, "cn.pipl", "6", "13", "69")
    if card:
        cited += cites(ctx, "cn.credit_card_measures", "68")
    return _letter(
        ctx.today,
        "stop_third_parties",
        {**facts, "card": _t("stop_third_parties.card") if card else _EMPTY},
        ("facts", "law", "demand", "delete", "warning"),
        note=_note(ctx, "stop_third_parties.note", translation=facts["translation"]),
        citations=cited,
        basis=Basis.LAW,
        particulars=tuple(particulars),
        because=tuple(sorted(rules)),
    )


LETTERS = (LetterWriter("cn.letters", "CN", KINDS, write),)
