"""The HTTP service through its ASGI app: the contracts, the errors (JSON with path and
problem), the limits, the OpenAPI document and the page's files."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service's tests need the serve extra: pip install 'loanoverdue[serve]'")
pytest.importorskip("httpx", reason="the service's tests need httpx")

from fastapi.testclient import TestClient

from loanoverdue import Registry
from loanoverdue.serve import create_app
from loanoverdue.testing import contract_problems

ROOT = Path(__file__).resolve().parent.parent
XE_CASE = json.loads((ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json").read_text())


@pytest.fixture(scope="module")
def client(registry: Registry) -> TestClient:
    return TestClient(create_app(registry, max_body=64 * 1024, max_batch=5))


def _error(response: Any, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body: dict[str, dict[str, str]] = response.json()
    assert set(body["error"]) >= {"path", "problem"}
    return body["error"]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_assess(client: TestClient, lang: str) -> None:
    response = client.post(f"/assess?lang={lang}", json=XE_CASE)
    assert response.status_code == 200
    doc = response.json()
    assert contract_problems(doc) == [] and doc["lang"] == lang
    assert doc["answer"]["visit"]["status"] == "unlikely" and doc["letters"][0]["kind"] == "complaint"


def test_assess_is_the_library_to_the_byte(client: TestClient, registry: Registry) -> None:
    from loanoverdue import assess, load_case

    response = client.post("/assess", json=XE_CASE)
    assert response.text == assess(load_case(XE_CASE), registry).to_json("en")


@pytest.mark.parametrize(
    ("body", "path", "problem"),
    [
        ({**XE_CASE, "loan": {**XE_CASE["loan"], "due_date": "soon"}}, "loan.due_date", "not an ISO 8601 date"),
        ({**XE_CASE, "colour": "red"}, "colour", "unknown field"),
        ([1, 2], "", "expected a case file"),
    ],
)
def test_bad_cases_are_422_with_path_and_problem(client: TestClient, body: Any, path: str, problem: str) -> None:
    error = _error(client.post("/assess", json=body), 422)
    assert error["path"] == path and problem in error["problem"]


def test_not_json_and_bad_language(client: TestClient) -> None:
    assert "not JSON" in _error(client.post("/assess", content=b"{oops"), 422)["problem"]
    assert _error(client.post("/assess?lang=fr", json=XE_CASE), 422)["path"] == "lang"


def test_request_size_limit(client: TestClient) -> None:
    big = {**XE_CASE, "events": [{**XE_CASE["events"][0], "note": "x" * 70_000}]}
    assert "larger than 65536 bytes" in _error(client.post("/assess", json=big), 413)["problem"]


def test_time_limit(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    import loanoverdue

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        raise AssertionError("unreachable: the request times out first")

    app = create_app(registry, timeout=0.2)
    monkeypatch.setattr(loanoverdue, "assess", slow)
    error = _error(TestClient(app).post("/assess", json=XE_CASE), 504)
    assert "longer than 0.2 seconds" in error["problem"]


def test_check_an_event_and_a_proposal(client: TestClient) -> None:
    response = client.post("/check", json={"case": XE_CASE, "event": 4})
    assert response.status_code == 200 and response.json()["verdict"] == "violation"
    proposal = {"at": "2026-03-10T21:30:00+08:00", "action": "call", "actor": "collection_agency"}
    doc = client.post("/check?lang=zh-CN", json={"case": XE_CASE, "propose": proposal}).json()
    assert doc["event"] == 6 and doc["verdict"] == "violation"
    assert _error(client.post("/check", json={"case": XE_CASE, "propose": {"action": "call"}}), 422)["path"] == "propose.at"
    assert _error(client.post("/check", json={"case": XE_CASE, "event": 9}), 422)["path"] == "event"
    empty = {**XE_CASE, "events": []}
    assert "no events" in _error(client.post("/check", json={"case": empty, "event": 0}), 422)["problem"]


def test_screen_a_small_batch(client: TestClient) -> None:
    quiet = {**XE_CASE, "events": XE_CASE["events"][:1]}
    doc = client.post("/screen", json={"cases": [XE_CASE, quiet]}).json()
    assert [r["violations"] for r in doc["results"]] == [4, 0]
    assert doc["results"][0]["home_visit"] == "unlikely"
    error = _error(client.post("/screen", json={"cases": [XE_CASE] * 6}), 422)
    assert error["path"] == "cases" and "at most 5" in error["problem"]
    bad = {**XE_CASE, "loan": {**XE_CASE["loan"], "currency": "xx"}}
    assert _error(client.post("/screen", json={"cases": [XE_CASE, bad]}), 422)["path"].startswith("cases[1].")


def test_rules_and_packs(client: TestClient) -> None:
    rules = client.get("/rules?jurisdiction=xe-n").json()
    assert {r["id"] for r in rules} >= {"xe.threat", "xe.disclosure"}
    rule = client.get("/rules/xe.contact.quiet_hours?lang=zh-CN").json()
    assert rule["citations"][0]["cite"].startswith("《公平催收法》") and rule["parameters"]
    error = _error(client.get("/rules/xe.threats"), 404)
    assert "did you mean 'xe.threat'" in error["problem"]
    packs = client.get("/packs").json()
    assert packs[0]["name"] == "example" and packs[0]["letters"] == ["complaint"]


def test_openapi_has_the_contracts(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"CaseFile", "Assessment", "Error", "Interview"} <= set(schemas)
    assert "home_visit" in schemas["CaseFile"]["properties"]["events"]["items"]["properties"]["action"]["enum"]
    paths = doc["paths"]
    assert {"/assess", "/check", "/screen", "/rules", "/rules/{rule_id}", "/packs", "/interview"} <= set(paths)
    body = paths["/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CaseFile"}
    assert paths["/assess"]["post"]["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_interview_and_letters(client: TestClient) -> None:
    interview = {
        "jurisdiction": "xe",
        "amount": "9000",
        "days_overdue": 64,
        "as_of": "2026-03-10T10:00:00+08:00",
        "events": [
            {"action": "call", "date": "2026-02-01", "time": "20:30", "outcome": "no_answer"},
            {"action": "third_party_contact", "date": "2026-02-05", "target": "employer", "conduct": ["disclosure"]},
            {"action": "home_visit", "date": "2026-03-20"},
        ],
    }
    doc = client.post("/interview?lang=zh-CN", json=interview).json()
    case, a = doc["case"], doc["assessment"]
    assert case["borrower"]["jurisdiction"] == "XE" and case["events"][0]["at"] == "2026-02-01T20:30:00+08:00"
    assert case["events"][2]["proposed"] is True  # after today: announced
    assert a["answer"]["headline"] == "对方已通知将于2026年3月20日上门。"
    assert any("网络小额贷款公司" in x for x in a["answer"]["assumed"])  # the lender kind was not given
    assert a["assumptions"][0]["field"] == "loan.lender.kind"
    letter = client.post("/letters/complaint?lang=zh-CN&format=html", json=case)
    assert letter.status_code == 200 and letter.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in letter.text
    text = client.post("/letters/complaint?format=text", json=case)
    assert text.text.startswith("Complaint to the Collection Ombudsman")
    assert _error(client.post("/letters/dispute", json=case), 404)["path"] == "kind"
    bad = {**interview, "events": [{"action": "call", "date": "tomorrow"}]}
    assert _error(client.post("/interview", json=bad), 422)["path"] == "events[0].date"
    bad = {**interview, "annual_rate": "36"}
    assert _error(client.post("/interview", json=bad), 422)["path"] == "annual_rate"


def test_the_page_and_its_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'name="viewport"' in page.text and "static/page.js" in page.text
    script = client.get("/static/page.js")
    assert script.headers["content-type"].startswith("text/javascript") and "zh-CN" in script.text
    assert client.get("/static/page.css").status_code == 200
    assert client.get("/static/secret.py").status_code == 404
    vocab = client.get("/vocabulary?lang=zh-CN").json()
    assert vocab["action"]["home_visit"] == "上门催收" and vocab["jurisdictions"] == {"XE": "示例国"}
