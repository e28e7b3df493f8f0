"""Advice for Exampleland borrowers, in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator

from loanoverdue.pack import Advice, Basis, CaseContext, Draft, Text

ACT = "xe.fair_collection_act"

# Texts are values: define them once, not on every call.
COMPLAIN_TITLE = Text({"en": "Complain about unlawful collection", "zh-CN": "投诉违法催收"})
COMPLAIN_BODY = Text(
    {
        "en": "{count} collection events broke the Fair Collection Act. Write to the lender and keep the records.",
        "zh-CN": "有 {count} 次催收违反《公平催收法》。请书面告知出借人，并保存记录。",
    }
)
PLAN_TITLE = Text({"en": "Talk to the lender about a repayment plan", "zh-CN": "与出借人协商还款计划"})
PLAN_BODY = Text(
    {
        "en": "You are {dpd} days overdue. A plan agreed early keeps costs down.",
        "zh-CN": "您已逾期 {dpd} 天。尽早协商还款计划可以减少费用。",
    }
)
BARRED_TITLE = Text({"en": "The claim may be time-barred", "zh-CN": "债权可能已过诉讼时效"})
BARRED_BODY = Text(
    {
        "en": "The limitation period ended on {date}; raise it if you are sued.",
        "zh-CN": "诉讼时效已于 {date} 届满；如被起诉，可以提出时效抗辩。",
    }
)


def advise(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    violations = draft.violations()
    if violations:
        yield Advice(
            "xe.advice.complain",
            1,
            COMPLAIN_TITLE,
            COMPLAIN_BODY,
            {"count": len({f.event for f in violations})},
            citations=tuple(
                sorted({c for f in violations for c in f.citations}, key=lambda c: (c.instrument, c.article))
            ),
            because=tuple(sorted({f.rule for f in violations})),
        )
    if ctx.dpd > 0 and ctx.case.loan.repaid_on is None:
        yield Advice(
            "xe.advice.talk_to_lender",
            2,
            PLAN_TITLE,
            PLAN_BODY,
            {"dpd": ctx.dpd},
            basis=Basis.ASSUMPTION,
        )
    if draft.limitation is not None and draft.limitation.expired:
        yield Advice(
            "xe.advice.time_barred",
            3,
            BARRED_TITLE,
            BARRED_BODY,
            {"date": draft.limitation.expires.isoformat()},
            citations=(ctx.cite(ACT, "9"),),
        )
