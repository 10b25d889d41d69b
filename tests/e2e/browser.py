"""Signing in through the real login form in headless Chromium, as a person does."""

from __future__ import annotations

from typing import Any

from tests.e2e.world import PASSWORD

Page = Any  # playwright.sync_api.Page (imported lazily: the package may be missing locally)


def browser_log_in(page: Page, username: str, password: str = PASSWORD) -> str:
    """Fill and send ``/login``; the page's alert sentence, or "" when it shows none."""
    page.goto("/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    return str(alert.inner_text()) if alert.count() else ""
