"""The direct answer to the question behind an assessment — "will they come to my
door?" — put first in every human-readable output and in the JSON's ``answer``.

It is read off the assessment (no law of its own): the outlook's home-visit entry and
the factors behind it, the court steps (the one visit a lawsuit surely brings is the
service of court papers), the first things the advice says to do, and what was
assumed to build the case. Also: a finding as a letter states it (:func:`particular`).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from itertools import islice
from typing import Any

import attrs

from loanoverdue.dates import local_datetime, long_date, people_dates
from loanoverdue.labels import label
from loanoverdue.law.rule import Basis
from loanoverdue.results import Assessment, Direction, OutlookStatus, Prospect
from loanoverdue.vocabulary import Action, Actor, Target

__all__ = ["Answer", "direct_answer", "particular"]

_T: dict[str, dict[str, str]] = {
    "question": {"en": "Will collectors come to your door?", "zh-CN": "催收人员会上门吗？"},
    "happened": {
        "en": "Collectors have already come to your door (on {date}).",
        "zh-CN": "催收人员已经上门（{date}）。",
    },
    "announced": {
        "en": "A home visit has been announced for {date}.",
        "zh-CN": "对方已通知将于{date}上门。",
    },
    "likely_next": {
        "en": "A home visit is likely, though not before {date}.",
        "zh-CN": "上门的可能性较大，但不会早于{date}。",
    },
    "possible": {
        "en": "A home visit is possible, though not before {date}.",
        "zh-CN": "有可能上门，但不会早于{date}。",
    },
    "unlikely": {"en": "A home visit is unlikely for now.", "zh-CN": "目前上门的可能性不大。"},
    "not_permitted": {
        "en": "Collectors may not lawfully come to your door in this case.",
        "zh-CN": "本案中催收人员不得上门。",
    },
    "not_applicable": {"en": "No home visit is expected.", "zh-CN": "不会有上门催收。"},
    "not_scheduled": {
        "en": "The installed rule packs do not forecast home visits for this jurisdiction.",
        "zh-CN": "已安装的规则包未对该法域的上门催收作出预判。",
    },
    "court": {
        "en": "The one visit that surely comes with a lawsuit is the service of court papers, and only after a lawsuit is filed; a lawsuit is {status} now.",
        "zh-CN": "唯一必然随诉讼而来的“上门”是送达法院文书，而且只会在起诉之后；目前起诉的可能性：{status}。",
    },
    "court_no_lawsuit": {
        "en": "The one visit that surely comes with a lawsuit is the service of court papers, and only after a lawsuit is filed.",
        "zh-CN": "唯一必然随诉讼而来的“上门”是送达法院文书，而且只会在起诉之后。",
    },
    "court_served": {
        "en": "Court papers were served on {date}: do not ignore them.",
        "zh-CN": "法院文书已于{date}送达：请不要置之不理。",
    },
    "change": {"en": " To change it: {change}.", "zh-CN": "如需更改：{change}。"},
    "estimate": {
        "en": "The dates are estimates of common practice or of a platform's policy, not law.",
        "zh-CN": "上述时间是对常见做法或平台规定的估计，并非法律规定。",
    },
}


def _t(key: str, lang: str, **params: object) -> str:
    texts = _T[key]
    return texts.get(lang, texts["en"]).format(**params)


@attrs.frozen
class Answer:
    """The direct answer, in one language. ``visit`` is the home-visit entry's status
    (``None`` when no policy schedules visits), ``not_before`` its earliest day,
    ``announced`` the day a visit was announced for."""

    question: str
    headline: str
    visit: OutlookStatus | None
    not_before: date | None
    announced: date | None
    reasons: tuple[str, ...]
    court: str | None
    you_can: tuple[tuple[str, str], ...]  # (advice id, title)
    #: What the caller assumed to build the case, then (when the visit's date rests on
    #: no law) that the dates are estimates.
    assumed: tuple[str, ...]
    #: For each assumption of the caller, how to give the real value (or ``None``).
    changes: tuple[str | None, ...] = ()


def _announced(a: Assessment) -> date | None:
    tz = a.case.borrower.tz
    for e in a.case.events:
        if e.proposed and e.action is Action.HOME_VISIT:
            return e.at.astimezone(tz).date()
    return None


def _headline(a: Assessment, visit: Prospect | None, lang: str) -> str:
    if visit is None:
        return _t("not_scheduled", lang)
    status = visit.status
    when = long_date(visit.earliest, lang) if visit.earliest is not None else None
    if status is OutlookStatus.HAPPENED:
        return _t("happened", lang, date=when)
    announced = _announced(a)
    if announced is not None:
        return _t("announced", lang, date=long_date(announced, lang))
    if status in (OutlookStatus.LIKELY_NEXT, OutlookStatus.POSSIBLE) and when is not None:
        return _t(status.value, lang, date=when)
    if status is OutlookStatus.LIKELY_NEXT or status is OutlookStatus.POSSIBLE:
        return _t("possible", lang, date=long_date(a.case.as_of.date(), lang))
    return _t(status.value, lang)


def _court(a: Assessment, lang: str) -> str | None:
    service = a.prospect(Action.COURT_SERVICE)
    if service is None:
        return None
    if service.status is OutlookStatus.HAPPENED and service.earliest is not None:
        return _t("court_served", lang, date=long_date(service.earliest, lang))
    lawsuit = a.prospect(Action.LAWSUIT)
    if lawsuit is None:
        return _t("court_no_lawsuit", lang)
    return _t("court", lang, status=label(lawsuit.status, lang))


def direct_answer(a: Assessment, lang: str = "en") -> Answer:
    """The direct answer to "will they come to my door?" for ``a``, in ``lang``."""
    visit = a.prospect(Action.HOME_VISIT)
    reasons: tuple[str, ...] = ()
    if visit is not None and visit.status is not OutlookStatus.HAPPENED:
        reasons = tuple(
            f.message(lang) for f in visit.factors if f.direction is not Direction.NEUTRAL and f.name != "policy"
        )
    # the first things to do: advice that does more than restate the outlook
    you_can = tuple(islice(((x.id, x.render_title(lang)) for x in a.advice if x.because != ("outlook",)), 3))
    assumed = [x.explanation.get(lang) for x in a.assumptions]
    changes = tuple(_t("change", lang, change=x.change).strip() if x.change else None for x in a.assumptions)
    if visit is not None and visit.basis is not Basis.LAW and visit.status is not OutlookStatus.HAPPENED:
        assumed.append(_t("estimate", lang))
    return Answer(
        question=_t("question", lang),
        headline=_headline(a, visit, lang),
        visit=visit.status if visit is not None else None,
        not_before=visit.earliest if visit is not None and visit.status is not OutlookStatus.HAPPENED else None,
        announced=_announced(a),
        reasons=reasons,
        court=_court(a, lang),
        you_can=you_can,
        assumed=tuple(assumed),
        changes=changes,
    )


def particular(a: Assessment, finding: int, lang: str, message: str | None = None) -> str:
    """A finding as a letter's particular: when, what, and what the finding says
    (``message``: the finding's message in ``lang``, if already worked out)."""
    f = a.findings[finding]
    message = _written_out(f.message(lang) if message is None else message, lang)
    if f.event is None:
        return message
    e = a.case.events[f.event]
    key = (e.at, a.case.borrower.tz, e.action, e.actor, e.target, lang)
    head = _HEADS.get(key)
    if head is None:
        if len(_HEADS) >= 4096:
            _HEADS.clear()
        head = _HEADS[key] = _head(*key)
    return head + message


#: The start of a particular (when, what, who) by the event's instant, time zone,
#: action, actor and target, and the language (the local time depends on the instant
#: and the zone alone). Bounded: emptied when full.
_HEADS: dict[tuple[Any, ...], str] = {}


def _head(at: datetime, tz: tzinfo, action: Action, actor: Actor, target: Target, lang: str) -> str:
    when = local_datetime(at, tz, lang)
    who = f"{label(actor, lang)} → {label(target, lang)}"
    if lang == "zh-CN":
        return f"{when}，{label(action, lang)}（{who}）："
    return f"{when}, {label(action, lang)} ({who}): "


#: Messages with their dates written out (:func:`~loanoverdue.dates.people_dates`), by
#: message and language: equal findings of many letters share them. Bounded: emptied
#: when full.
_WRITTEN: dict[tuple[str, str], str] = {}


def _written_out(message: str, lang: str) -> str:
    key = (message, lang)
    found = _WRITTEN.get(key)
    if found is None:
        if len(_WRITTEN) >= 4096:
            _WRITTEN.clear()
        found = _WRITTEN[key] = people_dates(message, lang)
    return found
