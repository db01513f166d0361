"""Two coders on one transcript in two browsers: one codes a passage selected with the
mouse and another selected with the keyboard (after an emoji, so UTF-16 and code points
differ), and the other sees both appear without reloading. The page is also checked at
desktop and phone widths, with axe-core."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from coding import services as coding_services
from coding.models import CodedSegment
from coding.tests.conftest import make_transcript
from interviews import services as interview_services
from interviews.reading import reading_turns
from studies import services
from studies.models import Membership
from tests.factories import PASSWORD, UserFactory
from tests.fixtures import need_service

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

# Drags the mouse from the first to the last character of `words` in the coding text.
WORDS_BOX = """(words) => {
  for (const holder of document.querySelectorAll("#coding-text .line-text")) {
    const at = holder.textContent.indexOf(words);
    if (at < 0) continue;
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    let node, seen = 0;
    while ((node = walker.nextNode())) {
      if (at < seen + node.length) break;
      seen += node.length;
    }
    const range = document.createRange();
    range.setStart(node, at - seen);
    range.setEnd(node, at - seen + words.length);
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return [first.left + 1, first.top + first.height / 2,
            last.right - 1, last.top + last.height / 2];
  }
  return null;
}"""

RUN_AXE_WCAG = """async () => {
  const only = {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]};
  const result = await axe.run(document, {runOnly: only, resultTypes: ["violations"]});
  return result.violations.map((v) => `${v.id} (${v.impact}): ` +
    v.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | "));
}"""


@pytest.fixture
def coding_study(transactional_db):
    lead = UserFactory(username="lead")
    study = services.study_create(creator=lead, title="Risk and recovery")
    worker = services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    transcript = make_transcript(study, lead, worker)
    for name in ("ana", "ben"):
        Membership.objects.create(
            study=study, user=UserFactory(username=name), role=Membership.Role.CODER
        )
    return study, transcript, lead


def open_coding(browser: Browser, base: str, username: str, transcript, **context_args) -> Page:
    page = browser.new_context(**context_args).new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My studies")
    page.goto(f"{base}/studies/{transcript.study.slug}/transcripts/{transcript.pk}/code/")
    return page


def word_index(transcript, words: str) -> int:
    """Where `words` begins, counted in words as the keyboard caret moves."""
    version = transcript.versions.get(number=transcript.version)
    tokens = [
        match[0]
        for turn in reading_turns(transcript, version)
        for line in turn.lines
        for match in re.finditer(r"\S+", line.text)
    ]
    first = words.split()[0]
    return next(i for i, token in enumerate(tokens) if token == first)


@pytest.mark.browser
def test_a_coder_codes_by_mouse_and_keyboard_and_another_sees_it_live(
    live_server, coding_study, browser: Browser
):
    _study, transcript, lead = coding_study
    ana = open_coding(browser, live_server.url, "ana", transcript)
    ben = open_coding(browser, live_server.url, "ben", transcript)
    expect(ben.locator("#segment-list")).to_contain_text("Nothing coded yet")

    # The mouse: drag across "her money back", type a new code's name, create it.
    x0, y0, x1, y1 = ana.evaluate(WORDS_BOX, "her money back")
    ana.mouse.move(x0, y0)
    ana.mouse.down()
    ana.mouse.move(x1, y1, steps=5)
    ana.mouse.up()
    toolbar = ana.locator("#code-toolbar")
    expect(toolbar).to_be_visible()
    expect(toolbar).to_contain_text("her money back")
    ana.locator("#toolbar-input").fill("Money matters")
    ana.get_by_role("button", name="New code").click()
    expect(ana.locator("#coding-text mark.coded")).to_have_text(["her money back"])

    # The keyboard: caret mode, to the words after the emoji, shift to extend, in vivo.
    ana.keyboard.press("c")
    for _ in range(word_index(transcript, "I felt it was safe.")):
        ana.keyboard.press("ArrowRight")
    for _ in range(4):
        ana.keyboard.press("Shift+ArrowRight")
    ana.keyboard.press("Enter")
    expect(toolbar).to_contain_text("I felt it was safe.")
    toolbar.get_by_role("button", name=re.compile("^In vivo")).click()
    expect(ana.locator("#coding-text mark.coded")).to_have_text(
        ["her money back", "I felt it was safe."]
    )
    by_text = {s.text: s for s in CodedSegment.objects.select_related("node", "coder")}
    assert set(by_text) == {"her money back", "I felt it was safe."}
    assert by_text["I felt it was safe."].node.name == "I felt it was safe."
    assert {s.coder.username for s in by_text.values()} == {"ana"}

    # The other coder, who has not reloaded, sees both within 3 seconds, with the coder.
    expect(ben.locator("#coding-text mark.coded")).to_have_text(
        ["her money back", "I felt it was safe."], timeout=3000
    )
    expect(ben.locator("#segment-list")).to_contain_text("Money matters ana")
    expect(ben.locator("#codebook-list")).to_contain_text("I felt it was safe.")

    # And a removal reaches them too.
    segment = by_text["her money back"]
    coding_services.segment_delete(actor=segment.coder, segment=segment)
    expect(ben.locator("#coding-text mark.coded")).to_have_text(
        ["I felt it was safe."], timeout=3000
    )

    # A correction renumbers the lines: the page says so rather than misplace segments.
    expect(ben.locator("#new-version")).to_be_hidden()
    transcript.refresh_from_db()
    interview_services.transcript_correct(
        actor=lead, transcript=transcript, position=0, text="How did the money meeting go?",
        base_version=transcript.version, note="misheard",
    )  # fmt: skip
    expect(ben.locator("#new-version")).to_be_visible(timeout=3000)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_it_fits_the_screen_and_meets_wcag_at_desktop_and_phone_width(
    live_server, coding_study, browser: Browser, width, tmp_path
):
    need_service(AXE.exists(), f"needs axe-core at {AXE}: run `npm ci --prefix tests/browser`")
    _study, transcript, lead = coding_study
    code = coding_services.node_create(actor=lead, study=transcript.study, name="Money")
    back = coding_services.node_create(actor=lead, study=transcript.study, name="Back")
    start = transcript.text.index("her money")
    # Two overlapping segments: two lanes in the margin.
    for node, a, b in ((code, start, start + 9), (back, start + 4, start + 14)):
        coding_services.segment_create(coder=lead, transcript=transcript, node=node, start=a, end=b)
    # axe is injected as an inline script, which only the test's own context lets past CSP.
    page = open_coding(
        browser, live_server.url, "ana", transcript,
        viewport={"width": width, "height": 900}, bypass_csp=True,
    )  # fmt: skip
    expect(page.locator("#coding-text .bar")).to_have_count(2)
    # Kept under pytest's --basetemp, to be looked at.
    page.screenshot(path=str(tmp_path / f"coding-{width}.png"), full_page=True)
    scroll, room = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll <= room
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE_WCAG) == []

    # And with a segment opened and the toolbar up over a selection.
    page.locator("#segment-list a").first.click()
    expect(page.locator("#segment-detail")).to_contain_text("Coded by lead")
    x0, y0, x1, y1 = page.evaluate(WORDS_BOX, "step by step")
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=3)
    page.mouse.up()
    expect(page.locator("#code-toolbar")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"coding-toolbar-{width}.png"), full_page=True)
    assert page.evaluate(RUN_AXE_WCAG) == []


@pytest.mark.browser
def test_a_coder_codes_line_by_line_then_opens_and_removes_a_segment(
    live_server, coding_study, browser: Browser
):
    _study, transcript, lead = coding_study
    coding_services.node_create(actor=lead, study=transcript.study, name="Plans")
    ana = open_coding(browser, live_server.url, "ana", transcript)

    # Line by line: down to line 4, the number key applies the first code listed.
    ana.keyboard.press("l")
    for _ in range(3):
        ana.keyboard.press("j")
    expect(ana.locator("#line-4")).to_have_class(re.compile("is-focused"))
    ana.keyboard.press("1")
    expect(ana.locator("#line-4 mark.coded")).to_have_text(
        "We agreed a plan with the team, step by step."
    )
    segment = CodedSegment.objects.get()
    assert (segment.node.name, segment.coder.username) == ("Plans", "ana")

    # Opened from the text: its code, coder and words, then removed.
    ana.keyboard.press("Escape")
    ana.locator("#line-4 mark.coded").click()
    detail = ana.locator("#segment-detail")
    expect(detail).to_contain_text("Coded by ana")
    detail.get_by_role("button", name="Remove").click()
    expect(ana.locator("#coding-text mark.coded")).to_have_count(0)
    assert not CodedSegment.objects.exists()


@pytest.mark.browser
def test_a_coder_undoes_by_keyboard_and_sees_a_switch_to_independent_coding(
    live_server, coding_study, browser: Browser
):
    _study, transcript, lead = coding_study
    coding_services.node_create(actor=lead, study=transcript.study, name="Plans")
    ana = open_coding(browser, live_server.url, "ana", transcript)
    ana.keyboard.press("l")
    for _ in range(3):
        ana.keyboard.press("j")
    ana.keyboard.press("1")
    expect(ana.locator("#line-4 mark.coded")).to_have_count(1)
    ana.keyboard.press("Escape")

    # "u" takes the coding back; Ctrl+Z then has nothing left of ana's to undo.
    ana.keyboard.press("u")
    expect(ana.locator("#coding-text mark.coded")).to_have_count(0)
    assert not CodedSegment.objects.exists()
    ana.keyboard.press("Control+z")
    expect(ana.locator("#coding-status")).to_contain_text("Nothing to undo")

    # The lead switches the transcript to independent coding: the open page says so.
    coding_services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    expect(ana.locator("#new-mode")).to_be_visible(timeout=5000)


@pytest.mark.browser
def test_the_leads_independent_coding_switch_fits_a_phone_and_meets_wcag(
    live_server, coding_study, browser: Browser
):
    need_service(AXE.exists(), f"needs axe-core at {AXE}: run `npm ci --prefix tests/browser`")
    _study, transcript, lead = coding_study
    coding_services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    page = open_coding(
        browser, live_server.url, "lead", transcript,
        viewport={"width": 390, "height": 844}, bypass_csp=True,
    )  # fmt: skip
    expect(page.get_by_role("button", name="Reveal everyone's segments")).to_be_visible()
    expect(page.locator("#independent-note")).to_contain_text("you see every coder's")
    scroll, room = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert scroll <= room
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE_WCAG) == []
    page.get_by_role("button", name="Reveal everyone's segments").click()
    expect(page.get_by_role("button", name="Switch to independent coding")).to_be_visible()
