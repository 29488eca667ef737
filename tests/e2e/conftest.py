"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Run with ``make test-browser`` (or ``pytest -m e2e``). Set ``E2E_SCREENSHOTS=docs/screenshots``
to save screenshots of the main pages (``make screenshots``).
"""

import csv
import io
import json
import os
from pathlib import Path

import pytest

from courses.demo import DEMO_STUDENT, DEMO_TEACHER, create_demo_accounts, create_demo_course
from quizzes.demo import create_demo_quiz

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: apt-get install chromium (make test-browser does it)")
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make for set-up and checks are ordinary blocking calls, which Django would refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    refused: list[str] = []
    yield make
    for context in contexts:
        context.close()
    assert refused == [], "the Content-Security-Policy refused something the page needs"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def demo(transactional_db, settings):
    """The demo course, quiz and accounts, as ``make run`` sets them up."""
    create_demo_accounts()
    course = create_demo_course()
    quiz = create_demo_quiz(course)
    return course, quiz


def log_in(page, account):
    page.goto("/accounts/login/")
    page.fill("#id_username", account.username)
    page.fill("#id_password", account.password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/")


def log_in_teacher(page):
    log_in(page, DEMO_TEACHER)


def log_in_student(page):
    log_in(page, DEMO_STUDENT)


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=False)


def assert_accessible(page, exclude: tuple[str, ...] = ()) -> None:
    """axe-core finds no serious or critical violation on the page, outside the ``exclude`` CSS selectors."""
    # Evaluated through the DevTools protocol: the site's CSP (rightly) refuses an injected <script>.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async (exclude) => await axe.run({exclude: exclude.map((selector) => [selector])}, {resultTypes: ['violations']})",
        list(exclude),
    )
    serious = [
        {"id": violation["id"], "help": violation["help"], "nodes": [node["target"] for node in violation["nodes"]][:5]}
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def read_download(download) -> list[list[str]]:
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = raw.decode("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))
