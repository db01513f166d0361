"""Constant comparison in a browser: a quote's copy button puts the words and the
speaker's pseudonym on the clipboard; a participant who refused quotation has no button."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from coding.models import Node
from studies.demo import DEMO_STUDY_SLUG, demo_password
from tests.browser.test_team_pages_on_a_phone import log_in


@pytest.mark.browser
def test_it_copies_a_quote_with_its_pseudonym_and_offers_no_copy_for_a_refusal(
    live_server, transactional_db, browser: Browser
):
    call_command("load_demo")
    node = Node.objects.filter(study__slug=DEMO_STUDY_SLUG, kind="category").first()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        log_in(page, live_server.url, "demo-coder", demo_password("demo-coder"))
        page.goto(
            f"{live_server.url}/studies/{DEMO_STUDY_SLUG}/codebook/{node.pk}/segments/dyads/"
            "?descendants=on"
        )

        def quotes_of(pseudonym):
            return page.locator(".quote").filter(
                has=page.locator("strong", has_text=re.compile(f"^{pseudonym}$"))
            )

        worker_quote = quotes_of("MHW5").first
        worker_quote.get_by_role("button", name=re.compile("Copy the quote")).click()
        expect(worker_quote.get_by_text("Copied")).to_be_visible()
        copied = page.evaluate("navigator.clipboard.readText()")
        words = worker_quote.locator(".quote-words").inner_text().strip()
        assert copied == f"“{words}” (MHW5)"
        # SU5 refused the quotation clause in the demo's consent.
        refused = quotes_of("SU5").first
        expect(refused.get_by_text("Not to be quoted")).to_be_visible()
        expect(refused.get_by_role("button", name=re.compile("Copy"))).to_have_count(0)
    finally:
        context.close()
