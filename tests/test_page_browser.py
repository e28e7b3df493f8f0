"""The borrower's page in a real browser: Debian's chromium driven by playwright (never
a browser download), against the service on a loopback port. The interview is filled
in as a person would, on a phone-sized screen, in Chinese and in English.

Needs ``chromium`` (``apt-get install chromium``). Elsewhere the test is skipped with
one line saying so; under CI (``CI=true``) a missing browser is a failure, since the
test command installs it there. ``LOANOVERDUE_SCREENSHOTS=DIR`` saves phone and desktop
screenshots of the answered page in both languages (the docs show them).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the page's test needs the serve extra: pip install 'loanoverdue[serve]'")
pytest.importorskip("uvicorn", reason="the page's test needs uvicorn")
pytest.importorskip("playwright", reason="the page's test needs playwright (pip install playwright)")

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("LOANOVERDUE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":  # one line for the whole module
    pytest.skip("the page's browser test needs Debian's chromium: apt-get install chromium", allow_module_level=True)
AS_OF = "2026-03-20T09:00:00+08:00"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    from loanoverdue.serve import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the service did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():  # only under CI: elsewhere the module was skipped
        pytest.fail(f"CI: the browser test needs Debian's chromium at {CHROMIUM}; the test command installs it")
    with tempfile.TemporaryDirectory(prefix="loanoverdue-chromium-") as profile, sync_playwright() as p:
        # a fresh profile per run; playwright's own --user-data-dir is refused, so the
        # persistent context is the way to give chromium one
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, viewport=PHONE
        )
        yield context  # type: ignore[misc]
        context.close()


def _open(browser: Any, url: str, viewport: dict[str, int]) -> Page:
    page: Page = browser.new_page()
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_selector("body[data-state=ready]", timeout=20_000)
    return page


def _fill_interview(page: Page) -> None:
    page.fill("#amount", "9000")
    page.fill("#days", "69")
    page.select_option("#lender-kind", "online_microlender")
    page.click("#add-event")
    row = page.locator(".event-row").nth(0)
    row.locator("select.action").select_option("call")
    row.locator("input.date").fill("2026-03-03")
    row.locator("input.time").fill("22:40")
    row.locator("select.outcome").select_option("no_answer")
    page.click("#add-event")
    row = page.locator(".event-row").nth(1)
    row.locator("select.action").select_option("third_party_contact")
    row.locator("select.target").select_option("family")
    row.locator("input.date").fill("2026-03-04")
    row.locator("input.time").fill("10:00")
    row.locator(".conduct input[value=disclosure]").check()
    page.click("#add-event")
    row = page.locator(".event-row").nth(2)
    row.locator("select.action").select_option("home_visit")
    row.locator("input.date").fill("2026-03-25")
    page.click("#submit")
    page.wait_for_selector("body[data-state=answered]", timeout=30_000)


EXPECT = {
    "zh-CN": {
        "headline": "对方已通知将于2026年3月25日上门。",
        "court": "送达法院文书",
        "letters": ["协商还款申请书", "违规催收投诉信", "要求停止联系第三人的函"],
        "findings": "催收行为的合法性",
    },
    "en": {
        "headline": "A home visit has been announced for March 25, 2026.",
        "court": "service of court papers",
        "letters": [
            "Request to the lender for a repayment plan",
            "Complaint about abusive collection",
            "Demand to stop contacting third parties",
        ],
        "findings": "What the collectors did, against the law",
    },
}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_answer_appears_in_the_browser(server: str, browser: Any, lang: str) -> None:
    page = _open(browser, f"{server}/?lang={lang}&as_of={AS_OF.replace('+', '%2B')}", PHONE)
    assert page.get_attribute("html", "lang") == lang
    _fill_interview(page)
    expect = EXPECT[lang]
    assert page.text_content("#answer-headline") == expect["headline"]
    assert expect["court"] in (page.text_content("#answer-court") or "")
    assert page.text_content("#heading-findings") == expect["findings"]
    assert page.locator("#findings .badge.violation").count() >= 2
    titles = page.locator("#letters .letter-title").all_text_contents()
    assert titles == expect["letters"]
    assert page.locator("#outlook li").count() >= 3
    # on a phone screen nothing is wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("LOANOVERDUE_SCREENSHOTS")
    if shots:
        out = Path(shots)
        out.mkdir(parents=True, exist_ok=True)
        page.locator("#answer").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('answer').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(out / f"page-phone-{lang}.png"))
        page.set_viewport_size(DESKTOP)
        page.evaluate("document.getElementById('answer').scrollIntoView({block: 'start'})")
        page.screenshot(path=str(out / f"page-desktop-{lang}.png"))
    page.close()


def test_switching_language_keeps_the_answer(server: str, browser: Any) -> None:
    page = _open(browser, f"{server}/?lang=en&as_of={AS_OF.replace('+', '%2B')}", PHONE)
    _fill_interview(page)
    page.click("#lang-zh")
    page.wait_for_function(
        "document.getElementById('answer-headline').textContent.startsWith('对方已通知')", timeout=20_000
    )
    assert page.get_attribute("html", "lang") == "zh-CN" and "lang=zh-CN" in page.url
    assert page.text_content("#submit") == "查看结果"
    page.close()


def test_a_letter_opens_for_printing(server: str, browser: Any) -> None:
    page = _open(browser, f"{server}/?lang=zh-CN&as_of={AS_OF.replace('+', '%2B')}", PHONE)
    _fill_interview(page)
    with page.context.expect_page() as opened:
        page.click("#letters li[data-kind=complaint] button.print")
    letter = opened.value
    letter.wait_for_load_state()
    assert "违规催收投诉信" in (letter.text_content("h1") or "")
    assert "致：" in (letter.text_content(".to") or "")
    letter.close()
    with page.expect_download() as download:
        page.click("#letters li[data-kind=repayment_plan] button.download")
    saved = download.value
    assert saved.suggested_filename == "repayment_plan.zh-CN.txt"
    assert "协商还款申请书" in Path(saved.path()).read_text(encoding="utf-8")
    page.close()


def test_the_interview_says_what_is_missing(server: str, browser: Any) -> None:
    page = _open(browser, f"{server}/?lang=en", PHONE)
    page.click("#submit")
    assert page.text_content("#form-error") == "Enter the amount you owe, like 9000."
    page.close()
