"""A letter for Exampleland borrowers, in English and Chinese: a complaint to the
(fictional) Collection Ombudsman, with the violations found as its particulars.

A letter writer returns :class:`~loanoverdue.results.Letter` values; the core renders
them as text, Markdown or a printable page (``loanoverdue letter CASE --kind
complaint``). Blanks the case cannot fill stay in [brackets]."""

from __future__ import annotations

from collections.abc import Iterator

from loanoverdue.pack import Basis, CaseContext, Draft, Letter, LetterWriter, Text

TITLE = Text({"en": "Complaint to the Collection Ombudsman", "zh-CN": "致催收监察专员的投诉信"})
TO = Text(
    {"en": "To: the Collection Ombudsman of Exampleland (fictional)", "zh-CN": "致：示例国催收监察专员（虚构）"}
)
SUBJECT = Text({"en": "Complaint about the collection of my loan from {lender}", "zh-CN": "关于{lender}催收行为的投诉"})
BODY = (
    Text(
        {
            "en": "I, [your name], owe {lender} {amount}, overdue since {due}. Its collectors did the following, which the Fair Collection Act forbids:",
            "zh-CN": "本人[姓名]欠{lender}{amount}，自{due}起逾期。其催收人员有以下违反《公平催收法》的行为：",
        }
    ),
    Text(
        {
            "en": "I ask you to investigate and to order the lender to stop.",
            "zh-CN": "请依法调查，并责令出借人停止上述行为。",
        }
    ),
)
SIGN_OFF = Text({"en": "[Your signature]\n{today}", "zh-CN": "投诉人：[姓名]\n{today}"})
NOTE = Text(
    {
        "en": "Send it by post and keep a copy. Exampleland and its ombudsman are fictional.",
        "zh-CN": "请邮寄并保留副本。示例国及其监察专员均为虚构。",
    }
)


def write(ctx: CaseContext, draft: Draft) -> Iterator[Letter]:
    found = [i for i, f in enumerate(draft.findings) if f.verdict.value == "violation" and not f.proposed]
    if not found:
        return
    loan = ctx.case.loan
    yield Letter(
        id="xe.letter.complaint",
        kind="complaint",
        title=TITLE,
        to=TO,
        subject=SUBJECT,
        body=BODY,
        params={
            "lender": loan.lender.name or "[the lender]",
            "amount": str(loan.outstanding),
            "due": loan.due_date,
            "today": ctx.today,
        },
        sign_off=SIGN_OFF,
        particulars=tuple(found),
        note=NOTE,
        citations=tuple(
            sorted({c for i in found for c in draft.findings[i].citations}, key=lambda c: (c.instrument, c.article))
        ),
        because=tuple(sorted({draft.findings[i].rule for i in found})),
        basis=Basis.LAW,
        day=ctx.today,
    )


LETTERS = (LetterWriter("xe.letters", "XE", ("complaint",), write),)
