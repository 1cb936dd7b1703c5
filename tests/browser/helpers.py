"""What every browser journey checks on every page: nothing off-site, no console errors,
axe-core finds no serious or critical violation, no horizontal scroll at 320 px, and the
member's steps work with the keyboard alone."""

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "vendor" / "axe" / "axe.min.js"  # test-only: never under static/, never served
SHOTS = ROOT / "test-output" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# One phone and one desktop screenshot of these pages go to docs/screenshots/ for the README
# when PEERSUPPORT_DOC_SCREENSHOTS=1 (make screenshots).
DOC_PAGES = {"chat-other"}


class Watch:
    """One browser context: records off-site requests, console errors and page errors."""

    def __init__(self, context, viewport):
        self.context, self.viewport = context, viewport
        self.offsite, self.errors = [], []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.allowed_errors = []
        self.page.viewport_name = viewport
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _route(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error on {self.page.url}: {message.text}")

    def problems(self):
        allowed = self.page.allowed_errors
        found = [f"off-site request: {url}" for url in self.offsite]
        found += [error for error in self.errors if not any(part in error for part in allowed)]
        return found


def sign_out(page):
    """Signs out on the sign-out page once its bell's socket has been answered.

    A handshake still in flight when the session ends is refused (403), as it should be, and Chromium logs
    that refusal as a console error: clicking before the bell is live would make the test depend on a race."""
    answered = []

    def watch(socket):
        if "/ws/notifications/" in socket.url:
            socket.on("framereceived", lambda frame: answered.append(frame))

    page.on("websocket", watch)
    page.goto(reverse("account_logout"))
    deadline = time.monotonic() + 10
    while not answered:
        assert time.monotonic() < deadline, "the bell's socket never answered on the sign-out page"
        page.wait_for_timeout(50)
    page.locator("main").get_by_role("button", name=re.compile("Sign out", re.I)).click()


def check_page(page, name):
    """Screenshot, axe-core (no serious/critical violation) and no horizontal scroll at 320 px."""
    page.wait_for_load_state("load")
    shot(page, name)
    violations = axe_violations(page)
    assert not violations, f"axe on {name} ({page.viewport_name}):\n" + "\n".join(violations)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": size["height"]})
    try:
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{name} scrolls sideways at 320 px: {widths[0]} > {widths[1]}"
    finally:
        page.set_viewport_size(size)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    if name in DOC_PAGES and os.environ.get("PEERSUPPORT_DOC_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS / path.name)
    return path


_axe_source = None


def axe_violations(page):
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE.read_text()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source)  # evaluate() is not subject to the page's Content-Security-Policy
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
                v.impact + " " + v.id + ": " + v.help + " -> " +
                v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return result


# --- keyboard ----------------------------------------------------------------------------


def tab_to(page, locator, limit=80):
    """Press Tab until locator has the focus (and shows it); fail after limit presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{locator} never received the focus by Tab")


def assert_focus_visible(page):
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
    )
    outline = style[0] != "none" and style[1] not in ("0px", "")
    assert outline or style[2] != "none", f"focus is not visible: {style}"


def use_skip_link(page):
    """The first Tab reaches the skip link; Enter moves the focus into the main content.

    A page reached through #main (the skip link's own target) starts its tab order there,
    so it is opened afresh first.
    """
    if "#" in page.url:
        page.goto(page.url.split("#")[0])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content", focused
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def sign_in_by_keyboard(page, email, password):
    page.goto("/accounts/login/")
    use_skip_link(page)
    tab_to(page, page.locator("input[name=login]"))
    page.keyboard.type(email)
    tab_to(page, page.locator("input[name=password]"))
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*accounts/login).*$"))
