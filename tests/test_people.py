"""Output for people: dates and durations written out, text that keeps its lines, Markdown
that stays inside its lists, labels that do not overstate, and the direct answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from loanoverdue import Registry, assess, load_case
from loanoverdue.dates import duration, local_datetime, long_date, people_dates
from loanoverdue.render import render_markdown, render_text
from loanoverdue.render.markdown import escape
from loanoverdue.render.text import width, wrap
from loanoverdue.results import OutlookStatus
from loanoverdue.results.people import direct_answer


def test_dates_and_durations() -> None:
    assert long_date(date(2026, 3, 9), "en") == "March 9, 2026"
    assert long_date(date(2026, 3, 9), "zh-CN") == "2026年3月9日"
    at = datetime.fromisoformat("2026-03-03T14:40:00+00:00")
    assert local_datetime(at, ZoneInfo("Asia/Shanghai"), "en") == "March 3, 2026, 22:40"
    assert local_datetime(at, ZoneInfo("Asia/Shanghai"), "zh-CN") == "2026年3月3日 22:40"
    assert duration("P3Y", "en") == "3 years" and duration("P3Y", "zh-CN") == "3年"
    assert duration("P1Y6M", "en") == "1 year 6 months" and duration("P1Y6M", "zh-CN") == "1年6个月"
    assert duration("P30D", "en") == "30 days" and duration("PT5H", "en") == "PT5H"


def test_people_dates_leave_time_stamps_urls_and_non_dates() -> None:
    assert people_dates("from day 75 (2026-03-26).", "en") == "from day 75 (March 26, 2026)."
    assert people_dates("已于 2026-01-11 发生。", "zh-CN") == "已于2026年1月11日发生。"
    kept = "2026-03-20T09:00 https://x.invalid/2026-01-01/a 2026-02-30 v1.2026-01-01"
    assert people_dates(kept, "en") == kept


def test_wrap_keeps_the_texts_own_lines() -> None:
    letter = "[Your name]\n[Your address]\n\nMarch 9, 2026"
    assert wrap(letter, "", 100) == ["[Your name]", "[Your address]", "", "March 9, 2026"]


@example("a、、、、、（人、", 20)  # an opening mark before the word a closing mark takes down
@example("a、、、、、（（人", 20)  # two opening marks go down together
@example("、、、、、、（ 人", 20)  # a space after the opening mark
@example("aaaaaa 、、、、、", 20)  # closing marks after a space
@example("a、、、、、（ a、", 20)  # an opening mark before a space and a word
@given(st.text(alphabet="联系您的家人。，、（） abc()", min_size=1, max_size=300), st.integers(20, 60))
def test_wrap_never_overflows_nor_breaks_at_a_mark(text: str, columns: int) -> None:
    lines = wrap(text, "    ", columns)
    for line in lines:
        assert width(line) <= columns or len(line.split()) == 1
    for line in lines[1:]:
        assert not line.strip().startswith(("。", "，", "、", "）"))
    for line in lines[:-1]:
        assert not line.endswith("（") or line.strip() == "（"


def test_markdown_keeps_leading_marks_and_lines_inside_lists(registry: Registry, xe_data: dict[str, Any]) -> None:
    assert escape("+ raises") == "\\+ raises"
    assert escape("line one\nline two\n\nnext") == "line one\\\nline two\n\nnext"
    md = render_markdown(assess(load_case(xe_data), registry), "en")
    assert "- · " not in md and "- + " not in md and "  - + " not in md
    assert "  - ▲ " in md or "  - ▼ " in md  # factors keep their direction


def test_labels_do_not_overstate(registry: Registry, xe_data: dict[str, Any]) -> None:
    out = render_text(assess(load_case(xe_data), registry), "en")
    assert "earliest" not in out and "not before" in out
    assert "highest protected rate" not in out and "the courts' line" in out


def _with_visit(xe_data: dict[str, Any], **event: Any) -> dict[str, Any]:
    xe_data["events"].append(
        {"at": "2026-03-12T10:00:00+08:00", "action": "home_visit", "actor": "collection_agency", **event}
    )
    return xe_data


def test_answer_for_an_announced_visit(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(_with_visit(xe_data, proposed=True)), registry)
    ans = direct_answer(a, "en")
    assert ans.headline == "A home visit has been announced for March 12, 2026."
    assert ans.announced == date(2026, 3, 12) and ans.visit is OutlookStatus.LIKELY_NEXT
    assert direct_answer(a, "zh-CN").headline == "对方已通知将于2026年3月12日上门。"


def test_answer_for_a_visit_that_happened(registry: Registry, xe_data: dict[str, Any]) -> None:
    xe_data["as_of"] = "2026-03-13T10:00:00+08:00"
    a = assess(load_case(_with_visit(xe_data)), registry)
    ans = direct_answer(a, "en")
    assert ans.headline == "Collectors have already come to your door (on March 12, 2026)."
    assert ans.reasons == () and ans.not_before is None


def test_answer_when_no_policy_schedules_visits(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    a = attrs.evolve(a, outlook=tuple(p for p in a.outlook if p.action.value != "home_visit"))
    assert "do not forecast home visits" in direct_answer(a, "en").headline


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_answer_json_is_in_the_contract(registry: Registry, xe_data: dict[str, Any], lang: str) -> None:
    doc = assess(load_case(xe_data), registry).to_dict(lang)
    assert list(doc)[-3:] == ["answer", "letters", "assumptions"]
    answer = doc["answer"]
    assert answer["visit"]["status"] == "unlikely" and answer["headline"]
    assert [x["advice"] for x in answer["you_can"]] == ["xe.advice.complain", "xe.advice.talk_to_lender"]
