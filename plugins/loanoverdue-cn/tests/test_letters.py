"""The China pack's letters: which fit which case, what they say and cite, and the
9,000-yuan example's letters against golden files in Chinese and English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from loanoverdue_cn.texts import texts_of

from loanoverdue import Registry, assess, load_case
from loanoverdue.render.letter import render_letter
from loanoverdue.results.people import direct_answer
from loanoverdue.testing import contract_problems
from loanoverdue.testing.golden import assert_golden

PACK = Path(__file__).resolve().parent.parent
EXAMPLE = PACK.parent.parent / "examples" / "cn-9000-online-loan.json"
GOLDEN = PACK / "tests" / "golden"


def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    data["loan"]["lender"].pop("platform")  # the platform's own pack is not in this registry
    return data


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def example(registry: Registry) -> Any:
    return assess(load_case(_data()), registry)


def test_the_example_gets_its_letters(example: Any) -> None:
    assert [x.kind for x in example.letters] == ["repayment_plan", "complaint", "stop_third_parties"]
    for x in example.letters:
        assert x.languages == ("en", "zh-CN") and x.citations
    assert contract_problems(example.to_dict("zh-CN")) == []


@pytest.mark.parametrize("kind", ["repayment_plan", "complaint", "stop_third_parties"])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_golden_letters(example: Any, kind: str, lang: str) -> None:
    assert_golden(GOLDEN / f"cn-9000-{kind}.{lang}.txt", render_letter(example, kind, lang))


def test_golden_printable_complaint(example: Any) -> None:
    assert_golden(GOLDEN / "cn-9000-complaint.zh-CN.html", render_letter(example, "complaint", "zh-CN", "html"))


def test_the_complaint_lists_the_violations_and_goes_to_the_local_regulator(example: Any) -> None:
    letter = example.letter("complaint")
    violations = [i for i, f in enumerate(example.findings) if f.verdict.value == "violation"]
    assert list(letter.particulars) == violations
    zh = _flat(render_letter(example, "complaint", "zh-CN"))
    assert "致：ExampleMicrocreditCo.注册地的地方金融管理部门" in zh
    assert "2026年3月4日10:00，联系第三人（催收机构→家人）" in zh
    assert "12363" in zh and "110" in zh


def test_the_complaint_goes_to_nfra_for_a_bank(registry: Registry) -> None:
    data = _data()
    data["loan"]["lender"]["kind"] = "consumer_finance"
    zh = _flat(render_letter(assess(load_case(data), registry), "complaint", "zh-CN"))
    assert "致：国家金融监督管理总局消费者投诉部门（投诉热线12378）" in zh


def test_no_complaint_without_a_violation_nor_against_a_private_lender(registry: Registry) -> None:
    data = _data()
    data["events"] = data["events"][:4]
    kinds = [x.kind for x in assess(load_case(data), registry).letters]
    assert kinds == ["repayment_plan"]
    data = _data()
    data["loan"]["lender"]["kind"] = "private_individual"
    assert "complaint" not in [x.kind for x in assess(load_case(data), registry).letters]


def test_a_credit_card_gets_the_instalment_request(registry: Registry) -> None:
    data = _data()
    data["loan"]["product"] = "credit_card"
    data["loan"]["lender"] = {"kind": "bank", "name": "示例银行"}
    a = assess(load_case(data), registry)
    letter = a.letter("card_instalment")
    assert letter is not None and letter.basis.value == "regulation"
    zh = _flat(render_letter(a, "card_instalment", "zh-CN"))
    assert "致：示例银行信用卡中心" in zh and "第七十条" in zh and "不超过5年" in zh
    assert "依据：《信用卡业务监督管理办法》第70条[二手来源]" in zh  # the basis shows its status
    third = _flat(render_letter(a, "stop_third_parties", "zh-CN"))
    assert "第六十八条" in third


def test_no_letters_once_repaid(registry: Registry) -> None:
    data = _data()
    data["loan"].update(repaid_on="2026-03-19", outstanding="0")
    assert assess(load_case(data), registry).letters == ()


def test_english_letters_say_they_are_translations(example: Any) -> None:
    en = " ".join(render_letter(example, "repayment_plan", "en").split())
    assert "send the Chinese version" in en and not re.search(r"[\u4e00-\u9fff]", en)


def test_letter_texts_are_complete_in_both_languages() -> None:
    found = texts_of("letters.toml")
    assert found and all(set(t.languages) == {"en", "zh-CN"} for t in found.values())


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_golden_direct_answer(example: Any, lang: str) -> None:
    ans = direct_answer(example, lang)
    lines = [ans.question, ans.headline, *ans.reasons, ans.court or "", *(t for _, t in ans.you_can), *ans.assumed]
    assert_golden(GOLDEN / f"cn-9000-answer.{lang}.txt", "\n".join(lines) + "\n")
