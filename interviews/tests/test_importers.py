"""Transcript files from elsewhere read into speaker turns: plain text in its usual
encodings, Word, WebVTT, SRT, oTranscribe, Otter, Rev and Whisper, and the calm refusals
of everything else."""

import io
import json
import random
import zipfile
from pathlib import Path

import docx
import pytest

from interviews import importers
from interviews.importers import (
    MAX_DOCUMENT_XML_BYTES,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
    MAX_TRANSCRIPT_BYTES,
    MAX_TURNS,
    ImportedTurn,
    ImportFailed,
    ImportResult,
    read_transcript,
)

FORMATS = "We can read transcripts saved as plain text (.txt), Word (.docx), WebVTT (.vtt)"
NO_TEXT = "This file has no transcript text in it."
UNKNOWN_ENCODING = "We could not tell how this file's text is encoded. Save it as UTF-8 text"
NOT_DOCX = "This is not a Word .docx file, or it is damaged."
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read(filename: str, content: str | bytes) -> list[tuple[str, str, int | None]]:
    """(speaker, text, started_at_ms) of each turn read from the file."""
    data = content.encode() if isinstance(content, str) else content
    result = read_transcript(filename, data)
    return [(turn.speaker, turn.text, turn.started_at_ms) for turn in result.turns]


def failure(filename: str, data: bytes) -> str:
    """The message a researcher sees when the file cannot be read."""
    with pytest.raises(ImportFailed) as caught:
        read_transcript(filename, data)
    return str(caught.value)


def word_file(*paragraphs: str | list[tuple[str, bool]]) -> bytes:
    """A .docx made by python-docx; a paragraph is its text or its (text, bold) runs."""
    document = docx.Document()
    document.add_heading("Interview 3 with MHW5", level=1)
    for paragraph in paragraphs:
        runs = [(paragraph, False)] if isinstance(paragraph, str) else paragraph
        made = document.add_paragraph()
        for text, bold in runs:
            made.add_run(text).bold = bold
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def zip_file(files: dict[str, str]) -> bytes:
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return saved.getvalue()


def bomb_docx(xml_bytes: int) -> bytes:
    """A Word file whose document.xml unpacks to about `xml_bytes` of one-letter
    paragraphs, in a zip a thousand times smaller."""
    paragraph = "<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    body = paragraph * (xml_bytes // len(paragraph))
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", xml)
    return saved.getvalue()


def count_calls(monkeypatch, owner, name: str):
    """Counts the calls of a method from now on; returns the count's reader."""
    calls = 0
    method = getattr(owner, name)

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return method(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return lambda: calls


def otr_file(markup: str) -> bytes:
    return json.dumps({"text": markup, "media": "interview-3.mp3", "media-time": 95.2}).encode()


# Plain text


def test_it_reads_labelled_turns_from_plain_text():
    text = (
        "Interviewer: Thank you for coming.\n"
        "MHW5: Happy to help.\n"
        "Dr Sam Lee: May I sit in?\n"
        "P1: Of course.\n"
        "INT: Let us begin.\n"
        "Q: How long have you worked here?\n"
        "A: Six years.\n"
        "Service user 3: And me nine.\n"
        "Zoë O'Neil-Smith : Bonjour.\n"
    )
    assert read("interview.txt", text) == [
        ("Interviewer", "Thank you for coming.", None),
        ("MHW5", "Happy to help.", None),
        ("Dr Sam Lee", "May I sit in?", None),
        ("P1", "Of course.", None),
        ("INT", "Let us begin.", None),
        ("Q", "How long have you worked here?", None),
        ("A", "Six years.", None),
        ("Service user 3", "And me nine.", None),
        ("Zoë O'Neil-Smith", "Bonjour.", None),
    ]


@pytest.mark.parametrize(
    ("line", "started_at_ms"),
    [
        ("[00:01:23] Interviewer: So, tell me.", 83_000),
        ("(01:23) Interviewer: So, tell me.", 83_000),
        ("00:01:23 Interviewer: So, tell me.", 83_000),
        ("Interviewer (00:01:23): So, tell me.", 83_000),
        ("Interviewer [01:23]: So, tell me.", 83_000),
        ("[01:02:03.450] Interviewer: So, tell me.", 3_723_450),
        ("Interviewer (00:01:23.5): So, tell me.", 83_500),
    ],
)
def test_it_reads_a_timestamp_before_or_after_the_label(line, started_at_ms):
    assert read("interview.txt", line) == [("Interviewer", "So, tell me.", started_at_ms)]


def test_a_label_alone_on_its_line_takes_the_paragraphs_after_it():
    text = "Interviewer:\nWhat happened next?\n\n[00:02:00] MHW5:\nShe left.\n\nThen she came back."
    assert read("interview.txt", text) == [
        ("Interviewer", "What happened next?", None),
        ("MHW5", "She left.\nThen she came back.", 120_000),
    ]


def test_unlabelled_lines_and_paragraphs_continue_the_turn_joined_by_newlines():
    text = "MHW5: First I rang her,\nthen I waited.\n\n\n\nIn the end she came.\nInterviewer: Why?"
    assert read("interview.txt", text) == [
        ("MHW5", "First I rang her,\nthen I waited.\nIn the end she came.", None),
        ("Interviewer", "Why?", None),
    ]


def test_text_before_the_first_label_is_a_turn_without_a_speaker():
    text = "Interview with MHW5, 12 May 2025\nRecorded at the clinic\n\nInterviewer: Hello."
    assert read("interview.txt", text) == [
        ("", "Interview with MHW5, 12 May 2025\nRecorded at the clinic", None),
        ("Interviewer", "Hello.", None),
    ]


def test_a_file_without_labels_gives_one_turn_per_paragraph():
    text = "We met at the clinic.\nIt was raining.\n\nShe was late.\n\n\nWe talked for an hour."
    assert read("notes.txt", text) == [
        ("", "We met at the clinic.\nIt was raining.", None),
        ("", "She was late.", None),
        ("", "We talked for an hour.", None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Well, I said: no.",
        "I went home and then: slept",
        "See https://example.org for more",
        "The ratio was 3:1 in the end",
        "Note:no space after the colon",
        f"{'A' * 41}: too long for a label",
    ],
)
def test_prose_that_is_not_a_label_continues_the_turn(line):
    assert read("interview.txt", f"MHW5: Listen.\n{line}") == [("MHW5", f"Listen.\n{line}", None)]


def test_labelled_turns_of_the_same_speaker_stay_apart():
    assert read("interview.txt", "MHW5: One.\nMHW5: Two.") == [
        ("MHW5", "One.", None),
        ("MHW5", "Two.", None),
    ]


def test_spaces_and_control_characters_are_tidied():
    text = "  Interviewer:   So\x00 this\x07  is\tit \x0b \n\n   and\u00a0\u00a0more  \n"
    assert read("interview.txt", text) == [("Interviewer", "So this is\tit\nand more", None)]


def test_decomposed_text_is_normalised_to_nfc():
    turns = read("interview.txt", "Jose\u0301: Un cafe\u0301, merci.")
    assert turns == [("José", "Un café, merci.", None)]
    assert len(turns[0][0]) == 4


def test_characters_outside_the_basic_multilingual_plane_survive():
    (turn,) = read_transcript("interview.txt", "MHW5: I felt 😀 about 𠀀 it.".encode()).turns
    assert turn.text == "I felt 😀 about 𠀀 it."
    assert turn.text[7] == "😀"
    assert turn.text[15] == "𠀀"


def test_speakers_are_listed_once_in_order_of_first_appearance_without_the_unnamed():
    result = read_transcript(
        "interview.txt", b"Preamble\n\nMHW5: Hi.\nInterviewer: Hello.\nMHW5: Bye."
    )
    assert result.speakers == ["MHW5", "Interviewer"]
    assert result.source == "txt"


def test_a_twenty_thousand_word_file_is_read_whole():
    sentence = " ".join(f"word{n}" for n in range(40))
    speakers = ["Interviewer", "MHW5"]
    text = "\n\n".join(f"{speakers[n % 2]}: {sentence}" for n in range(500))
    result = read_transcript("long.txt", text.encode())
    assert len(result.turns) == 500
    assert sum(len(turn.text.split()) for turn in result.turns) == 20_000
    assert result.turns[-1] == ImportedTurn("MHW5", sentence, None)
    assert result.speakers == speakers


def test_a_very_long_line_without_a_label_is_read_as_text():
    line = "word " * 100_000 + "and then: nothing"
    assert read("long.txt", line) == [("", line.strip(), None)]


# Encodings and line endings


def test_it_reads_utf8_with_a_byte_order_mark():
    assert read("interview.txt", b"\xef\xbb\xbfInterviewer: Hi.") == [("Interviewer", "Hi.", None)]


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_it_reads_utf16_with_a_byte_order_mark(bom, codec):
    data = bom + "Interviewer: Ça va 😀?\r\nMHW5: Oui.".encode(codec)
    assert read("interview.txt", data) == [
        ("Interviewer", "Ça va 😀?", None),
        ("MHW5", "Oui.", None),
    ]


def test_it_reads_windows_1252():
    data = "MHW5: café – ‘quoted’ … “twice”".encode("cp1252")
    assert read("interview.txt", data) == [("MHW5", "café – ‘quoted’ … “twice”", None)]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_it_normalises_windows_and_old_mac_line_endings(ending):
    text = ending.join(["Interviewer: Hello.", "", "MHW5: Hi.", "Second line."])
    assert read("interview.txt", text) == [
        ("Interviewer", "Hello.", None),
        ("MHW5", "Hi.\nSecond line.", None),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"Interviewer: caf\x81 ole",  # not UTF-8, and 0x81 means nothing in Windows-1252
        b"Interviewer: caf\xe9\x01",  # Windows-1252 would do, but for a control character
        b"\xff\xfeI\x00n\x00t",  # UTF-16 cut off in the middle of a character
    ],
)
def test_it_refuses_text_whose_encoding_it_cannot_tell(data):
    assert failure("interview.txt", data).startswith(UNKNOWN_ENCODING)


# Word


def test_it_reads_a_word_document_with_labels_bold_names_and_paragraphs():
    data = word_file(
        "Interviewer: Thank you for coming in today.",
        [("MHW5", True), (" It went fine, honestly 😀", False)],
        "",
        "And that is the second paragraph of my answer.",
        [("Dr Sam Lee:", True), (" Can I add something?", False)],
        [("This mattered a lot.", True), (" She said it twice.", False)],
        "[00:12:05] Interviewer: Of course.",
    )
    result = read_transcript("interview.docx", data)
    assert result.source == "docx"
    # The heading ("Interview 3 with MHW5") is nobody's words: it is left out.
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Interviewer", "Thank you for coming in today.", None),
        ("MHW5", "It went fine, honestly 😀\nAnd that is the second paragraph of my answer.", None),
        ("Dr Sam Lee", "Can I add something?\nThis mattered a lot. She said it twice.", None),
        ("Interviewer", "Of course.", 725_000),
    ]


def test_a_bold_name_alone_on_its_paragraph_needs_a_colon():
    data = word_file(
        [("Interviewer:", True)],
        "What did you think?",
        [("Second part", True)],
        "It was hard.",
    )
    assert read("interview.docx", data) == [
        ("Interviewer", "What did you think?\nSecond part\nIt was hard.", None),
    ]


def test_a_line_break_inside_a_word_paragraph_is_kept():
    document = docx.Document()
    paragraph = document.add_paragraph("MHW5: First line.")
    paragraph.add_run().add_break()
    paragraph.add_run("Second line.")
    saved = io.BytesIO()
    document.save(saved)
    assert read("interview.docx", saved.getvalue()) == [("MHW5", "First line.\nSecond line.", None)]


def test_a_word_document_is_known_by_its_content_whatever_its_name():
    result = read_transcript("interview.txt", word_file("MHW5: Hello."))
    assert result.source == "docx"
    assert result.turns[-1] == ImportedTurn("MHW5", "Hello.", None)


def test_a_word_document_without_text_has_no_transcript():
    saved = io.BytesIO()
    docx.Document().save(saved)
    assert failure("interview.docx", saved.getvalue()).startswith(NO_TEXT)


@pytest.mark.parametrize(
    "data",
    [
        word_file("MHW5: Hello.")[:2000],  # a zip cut short
        zip_file({"content.xml": "<office:document/>"}),  # another program's zip
        zip_file({"word/document.xml": "<w:document"}),  # a zip with broken Word parts
        b"Interviewer: plain text with the wrong name",
    ],
)
def test_a_file_named_docx_that_is_not_a_word_document_is_refused(data):
    assert failure("interview.docx", data).startswith(NOT_DOCX)


def test_an_old_word_doc_file_is_refused_with_what_to_do():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert failure("interview.doc", data) == (
        "This is an older Word .doc file, which we cannot read. Open it in Word, choose "
        "Save As, pick Word Document (.docx) and upload the new file."
    )


def test_a_password_protected_word_document_is_refused_with_what_to_do():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    message = failure("interview.docx", data)
    assert message.startswith("This Word file is protected with a password, so we cannot read it.")


def test_a_word_document_whose_text_unpacks_too_large_is_refused_before_reading_it(monkeypatch):
    # 30 MB of empty paragraphs in a zip of a few dozen KB: the zip's directory says so,
    # and not one paragraph is read.
    data = bomb_docx(30 * 2**20)
    assert len(data) < 100_000
    read_paragraphs = count_calls(monkeypatch, importers._WordReader, "element_end")
    message = failure("interview.docx", data)
    assert message.startswith(
        "This Word file unpacks to 30 MB of text and formatting, but we read at most 20 MB "
        "from one transcript"
    )
    assert read_paragraphs() == 0


def test_a_word_document_of_tiny_paragraphs_is_refused_at_the_paragraph_cap(monkeypatch):
    # Under the size cap, but with some 450,000 paragraphs: reading stops at the cap.
    data = bomb_docx(MAX_DOCUMENT_XML_BYTES - 2**20)
    ended = count_calls(monkeypatch, importers._WordReader, "paragraph_end")
    message = failure("interview.docx", data)
    assert message.startswith(
        "This Word file has more than 100,000 paragraphs, but we import at most 100,000 "
        "paragraphs from one transcript (a three-hour interview has a few thousand)."
    )
    assert ended() == MAX_PARAGRAPHS


def test_a_word_document_over_the_character_cap_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(importers, "MAX_TEXT_CHARS", 60)
    data = word_file(*[f"MHW5: Answer number {n} of many." for n in range(50)])
    ended = count_calls(monkeypatch, importers._WordReader, "paragraph_end")
    message = failure("interview.docx", data)
    assert message.startswith(
        "This Word file has more than 60 characters of text, but we import at most 60 "
        "characters of text from one transcript"
    )
    assert ended() <= 3  # the heading and the two answers that fit


def test_reading_a_word_document_reports_its_progress():
    heard: list[float] = []
    read_transcript("interview.docx", word_file("MHW5: Hello."), progress=heard.append)
    assert heard
    assert heard == sorted(heard)
    assert heard[-1] == 1.0


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        (
            "interview.txt",
            b"Interviewer: Yes.\n" * MAX_PARAGRAPHS,  # and the empty line after the last
            "This file has 100,001 lines, but we import at most 100,000 lines",
        ),
        (
            "interview.txt",
            b"Interviewer: Yes?\nMHW5: No.\n" * (MAX_TURNS // 2) + b"Interviewer: Sure?",
            "This file has 20,001 speaker turns, but we import at most 20,000 speaker turns",
        ),
        (
            "interview.txt",
            b"MHW5: " + b"a" * MAX_TEXT_CHARS + b"!",
            "This file has 2,000,001 characters of text, but we import at most 2,000,000 "
            "characters of text",
        ),
        (
            "captions.vtt",
            b"WEBVTT\n\n"
            + b"".join(
                b"00:00:01.000 --> 00:00:02.000\n<v %s>Yes.\n\n" % (b"AB"[n % 2 : n % 2 + 1])
                for n in range(MAX_TURNS + 1)
            ),
            "This file has 20,001 speaker turns, but we import at most 20,000 speaker turns",
        ),
        (
            "captions.srt",
            b"1\n00:00:01,000 --> 00:00:02,000\nYes.\n\n" * (MAX_PARAGRAPHS // 4 + 1),
            "This file has 100,005 lines, but we import at most 100,000 lines",
        ),
        (
            "session.otr",
            otr_file("<p>Interviewer: Yes.</p>" + "<br>" * MAX_PARAGRAPHS),
            "This oTranscribe file has more than 100,000 lines, but we import at most "
            "100,000 lines",
        ),
        (
            "session.otr",
            otr_file("<p>MHW5: " + "a" * MAX_TEXT_CHARS + "!</p>"),
            "This oTranscribe file has more than 2,000,000 characters of text, but we import "
            "at most 2,000,000 characters of text",
        ),
    ],
    ids=[
        "txt-lines",
        "txt-turns",
        "txt-characters",
        "vtt-turns",
        "srt-lines",
        "otr-lines",
        "otr-characters",
    ],  # fmt: skip
)
def test_every_format_is_refused_over_a_cap_naming_it(filename, data, expected):
    message = failure(filename, data)
    assert message.startswith(expected)
    assert message.endswith(
        "Check that you chose the right file and that it holds one interview, then upload it again."
    )


def test_a_transcript_at_the_caps_is_read():
    data = b"Interviewer: Yes?\nMHW5: No.\n" * (MAX_TURNS // 2)
    assert len(read_transcript("interview.txt", data).turns) == MAX_TURNS


# WebVTT

VTT = """WEBVTT - Interview 3

NOTE Exported from the transcription service.
Speakers checked by hand.

STYLE
::cue { color: yellow }

opening
00:00:01.000 --> 00:00:04.000 align:start
<v Interviewer>Thank you &amp; welcome.</v>

00:00:04.500 --> 00:00:06.000
<v Interviewer><i>Shall</i> we start?

00:07.250 --> 00:09.000
<v.loud MHW5>Yes, <c.yellow>I'm</c> <b>ready</b> &lt;3
<00:00:08.000><u>Let's</u> <lang fr>go</lang>&nbsp;😀

00:00:09.500 --> 00:00:11.000
and one more thing

00:00:12.000 --> 00:00:13.000
Dr Sam Lee: A question from me.
"""


def test_it_reads_webvtt_voices_labels_and_times():
    result = read_transcript("interview.vtt", VTT.encode())
    assert result.source == "vtt"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Interviewer", "Thank you & welcome. Shall we start?", 1000),
        ("MHW5", "Yes, I'm ready <3 Let's go 😀 and one more thing", 7250),
        ("Dr Sam Lee", "A question from me.", 12_000),
    ]


def test_a_webvtt_cue_may_hold_more_than_one_voice():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.</v> <v Bob>Hello.</v>\n"
    assert read("captions.vtt", text) == [("Ann", "Hi.", 1000), ("Bob", "Hello.", 1000)]


def test_a_bad_webvtt_timing_line_is_named_by_its_number():
    text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello\n\n2\n00:00:3.000 --> 00:00:04.000\n"
    assert failure("captions.vtt", text.encode()) == (
        "Line 8 of this WebVTT file should give a cue's start and end times, such as "
        "00:01:23.000 --> 00:01:27.500. Correct that line, or export the file again, and "
        "upload it again."
    )


def test_a_webvtt_cue_without_a_timing_line_is_named_by_its_number():
    text = "WEBVTT\n\nintro\nHello there\n"
    assert failure("captions.vtt", text.encode()).startswith("Line 4 of this WebVTT file")


def test_a_vtt_file_without_its_webvtt_line_is_refused():
    message = failure("captions.vtt", b"Interviewer: Hello.")
    assert message.startswith("Line 1 of this WebVTT file should read WEBVTT.")


# SRT

SRT = """1
00:00:01,000 --> 00:00:03,000
Interviewer: <i>Thank you</i> for coming.

2
00:00:03,500 --> 00:00:05,000
Shall we start?

3
00:00:05,500 --> 00:00:07,000
[MHW5] <font color="#ffff00">Yes,</font>
<b>I'm ready</b> 😀

4
00:00:07,500 --> 00:00:09,000
MHW5: Really ready.

5
00:00:10,000 --> 00:00:12,000 X1:100 X2:200 Y1:10 Y2:20
- Are you recording?
- We are.
"""


def test_it_reads_srt_labels_bracketed_names_and_dialogue_dashes():
    result = read_transcript("interview.srt", SRT.encode())
    assert result.source == "srt"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Interviewer", "Thank you for coming. Shall we start?", 1000),
        ("MHW5", "Yes, I'm ready 😀 Really ready.", 5500),
        ("", "Are you recording? We are.", 10_000),
    ]


def test_srt_is_known_by_its_content_whatever_its_name():
    result = read_transcript("interview.txt", SRT.replace("\n", "\r\n").encode())
    assert result.source == "srt"
    assert result.speakers == ["Interviewer", "MHW5"]


def test_a_bad_srt_timing_line_is_named_by_its_number():
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03.000 -> 00:00:04,000\nBye\n"
    assert failure("captions.srt", text.encode()).startswith(
        "Line 6 of this SRT file should give a cue's start and end times, such as "
        "00:01:23,000 --> 00:01:27,500."
    )


def test_a_srt_file_that_is_not_subtitles_is_refused_at_its_first_bad_line():
    message = failure("captions.srt", b"Interviewer: Hello.\nMHW5: Hi.")
    assert message.startswith("Line 2 of this SRT file")


# oTranscribe

OTR_MARKUP = (
    '<p><span class="timestamp" contenteditable="false" data-timestamp="83.2">01:23</span>'
    " Interviewer: So&nbsp;tell me about&nbsp;&amp; around it.</p>"
    "<p><b>MHW5</b> Well, it was <i>hard</i> 😀<br>really hard.</p>"
    "<p>And then &lt;pause&gt; it got better.</p>"
    '<div><span class="timestamp" data-timestamp="95">01:35</span>'
    "<strong>Interviewer:</strong> Thank you.</div>"
)


def test_it_reads_an_otranscribe_file_with_timestamps_and_bold_names():
    result = read_transcript("interview.otr", otr_file(OTR_MARKUP))
    assert result.source == "otr"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Interviewer", "So tell me about & around it.", 83_200),
        ("MHW5", "Well, it was hard 😀\nreally hard.\nAnd then <pause> it got better.", None),
        ("Interviewer", "Thank you.", 95_000),
    ]


def test_an_otranscribe_file_without_labels_gives_timed_paragraphs():
    markup = (
        '<p><span class="timestamp" data-timestamp="1.5">00:01</span> We met.</p>'
        "<p>It rained.</p>"
        '<p>Later <span class="timestamp" data-timestamp="60">01:00</span>she left.</p>'
    )
    assert read("notes.otr", otr_file(markup)) == [
        ("", "We met.", 1500),
        ("", "It rained.", None),
        ("", "Later she left.", 60_000),
    ]


def test_an_otranscribe_file_is_known_by_its_content_whatever_its_name():
    assert read_transcript("interview.json", otr_file(OTR_MARKUP)).source == "otr"


@pytest.mark.parametrize(
    "data",
    [
        b'{"text": "<p>Interviewer: Hello.</p>", ',
        b'{"media": "interview-3.mp3"}',
        b'["<p>Interviewer: Hello.</p>"]',
    ],
)
def test_an_otr_file_that_is_not_otranscribe_json_is_refused(data):
    assert failure("interview.otr", data) == (
        "This .otr file could not be read as an oTranscribe transcript. Export it again "
        "from oTranscribe and upload the new file."
    )


# Otter, Rev and Whisper exports

SAMPLES = Path(__file__).parent / "samples"
OTTER_TURNS = [
    ("Alex Morgan", "Thanks for coming in. Shall we start with the first story?", 2_000),
    ("River Hart", "Yes. Right: the first one felt familiar to me.", 9_000),
    ("Alex Morgan", "What felt familiar?", 21_000),
    ("River Hart", "The waiting room, mostly.", 3_725_000),
]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_it_reads_otters_text_export_with_speakers_and_times():
    result = read_transcript("otter.txt", sample("otter.txt"))
    assert result.source == "otter_txt"
    # The names and times leave the words, and Otter's credit line is not a turn.
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == OTTER_TURNS


def test_it_reads_otters_word_export_with_speakers_and_times():
    data = word_file(
        "Alex Morgan  0:02", "Thanks for coming in. Shall we start with the first story?",
        "River Hart  0:09", "Yes. Right: the first one felt familiar to me.",
        "Alex Morgan  0:21", "What felt familiar?",
        "River Hart  1:02:05", "The waiting room, mostly.",
    )  # fmt: skip
    result = read_transcript("otter.docx", data)
    assert result.source == "otter_docx"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == OTTER_TURNS


def test_one_name_and_time_line_in_plain_text_is_not_otters_layout():
    assert read("notes.txt", "Break 10:30\nWe stopped for tea.\n\nAfter the break it rained.") == [
        ("", "Break 10:30\nWe stopped for tea.", None),
        ("", "After the break it rained.", None),
    ]


def test_it_reads_revs_text_export_with_speakers_and_times():
    result = read_transcript("rev.txt", sample("rev.txt"))
    assert result.source == "rev_txt"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Alex Morgan", "Thanks for coming in. Shall we start with the first story?", 2_000),
        ("River Hart", "Yes. Right: the first one felt familiar to me.\nI had a day like that.",
         9_000),
        ("Alex Morgan", "What felt familiar?", 3_621_000),
    ]  # fmt: skip


def test_it_reads_revs_word_export():
    data = word_file("Alex Morgan (00:02):", "Hello.", "River Hart (00:09):", "Right: hi.")
    result = read_transcript("rev.docx", data)
    assert result.source == "rev_docx"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("Alex Morgan", "Hello.", 2_000),
        ("River Hart", "Right: hi.", 9_000),
    ]


def test_it_reads_whisperx_json_merging_a_speakers_consecutive_segments():
    result = read_transcript("interview.json", sample("whisperx.json"))
    assert result.source == "whisper"
    assert [(t.speaker, t.text, t.started_at_ms) for t in result.turns] == [
        ("SPEAKER_00", "Thanks for coming in. Shall we start with the first story?", 0),
        ("SPEAKER_01", "Yes. The first one felt familiar to me.", 9_040),
        ("SPEAKER_00", "What felt familiar?", 21_000),
    ]
    assert result.speakers == ["SPEAKER_00", "SPEAKER_01"]


def test_whisper_json_without_speakers_keeps_each_segment_a_turn():
    # Known by its content: Whisper writes .json, but the name is only a hint.
    assert read("whisper-output.txt", sample("whisper.json")) == [
        ("", "Thanks for coming in.", 0),
        ("", "Shall we start?", 2_500),
    ]


def whisper_file(*segments: object) -> bytes:
    return json.dumps({"segments": list(segments)}).encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"segments": "none"}', "This JSON file is not a Whisper or WhisperX transcript."),
        (whisper_file({"start": 0}), 'Segment 1 of this Whisper file has no "text".'),
        (whisper_file({"text": "Hi."}, "Hello."), 'Segment 2 of this Whisper file has no "text".'),
        (
            whisper_file({"start": "0:01", "text": "Hi."}),
            'Segment 1 of this Whisper file gives its "start" as "0:01", not as seconds.',
        ),
        (
            whisper_file({"start": 1, "text": "Hi.", "speaker": ["A"]}),
            'Segment 1 of this Whisper file names its "speaker" in a way we cannot use',
        ),
        (b'{"language": "en"}', "This JSON file is not a Whisper or WhisperX transcript."),
        (b'[{"start": 0, "text": "Hi."}]', "This JSON file is not a Whisper or WhisperX"),
        (b'{"segments": [', "This .json file is not valid JSON"),
    ],
    ids=[
        "segments-not-a-list",
        "no-text",
        "segment-not-an-object",
        "start-not-seconds",
        "speaker-not-text",
        "no-segments",
        "a-bare-list",
        "cut-short",
    ],  # fmt: skip
)
def test_wrongly_shaped_whisper_json_is_refused_saying_what_is_wrong(data, expected):
    assert failure("interview.json", data).startswith(expected)


@pytest.mark.parametrize("filename", ["interview.json", "interview.otr", "interview.txt"])
def test_deeply_nested_json_is_refused_before_it_is_parsed(monkeypatch, filename):
    calls = count_calls(monkeypatch, json, "loads")
    data = b'{"segments": ' + b"[" * 100_000
    assert failure(filename, data).startswith(
        "This file's JSON is nested more than 16 levels deep, which no transcript needs."
    )
    assert calls() == 0


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    text = "[" * 40 + "{" * 40 + '\\"' + "]" * 40
    data = whisper_file({"start": 1.5, "end": 2, "text": text, "speaker": "A"})
    assert read("interview.json", data) == [("A", text, 1_500)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            whisper_file(*[{"text": "Yes."}] * (MAX_PARAGRAPHS + 1)),
            "This Whisper file has 100,001 segments, but we import at most 100,000 segments",
        ),
        (
            whisper_file(*[{"text": "Yes.", "speaker": "AB"[n % 2]} for n in range(MAX_TURNS + 1)]),
            "This file has 20,001 speaker turns, but we import at most 20,000 speaker turns",
        ),
        (
            whisper_file({"text": "a" * MAX_TEXT_CHARS + "!"}),
            "This file has 2,000,001 characters of text, but we import at most 2,000,000",
        ),
        (
            ("Alex Morgan  0:02\nYes.\n\nRiver Hart  0:03\nNo.\n\n" * (MAX_TURNS // 2)).encode()
            + b"Alex Morgan  0:04\nSure?",
            "This file has 20,001 speaker turns, but we import at most 20,000 speaker turns",
        ),
    ],
    ids=["whisper-segments", "whisper-turns", "whisper-characters", "otter-turns"],
)
def test_the_caps_apply_to_whisper_and_otter_files(data, expected):
    # Both are known by their content, whatever the file's name.
    message = failure("interview", data)
    assert message.startswith(expected)
    assert message.endswith(
        "Check that you chose the right file and that it holds one interview, then upload it again."
    )


# Files that are not transcripts


@pytest.mark.parametrize("filename", ["notes.txt", "interview.docx", "captions.vtt"])
def test_an_empty_file_has_no_transcript(filename):
    assert failure(filename, b"").startswith(NO_TEXT)


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("notes.txt", b"  \r\n\t\n \n"),
        ("notes.txt", b"\xef\xbb\xbf"),
        ("captions.vtt", b"WEBVTT\n\nNOTE nothing yet\n"),
        ("session.otr", otr_file('<p><span class="timestamp" data-timestamp="1">00:01</span></p>')),
    ],
)
def test_a_file_with_nothing_but_blanks_has_no_transcript(filename, data):
    assert failure(filename, data) == (
        "This file has no transcript text in it. Check that you chose the right file and "
        "upload it again."
    )


def test_a_file_over_the_size_limit_is_refused_naming_the_limit():
    message = failure("interview.txt", b"a" * (MAX_TRANSCRIPT_BYTES + 1))
    assert message.startswith("This file is larger than 10 MB, the most we can import at once.")


@pytest.mark.parametrize(
    ("filename", "data", "kind"),
    [
        ("interview.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This looks like a PDF,"),
        ("interview.pdf", b"%PDF-1.4\n", "This looks like a PDF,"),
        ("interview.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This looks like an image,"),
        ("interview.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00", "This looks like a recording,"),
        ("notes.rtf", b"{\\rtf1\\ansi Interviewer: Hello.}", "This looks like a Rich Text"),
        ("interview.txt", random.Random(3).randbytes(4096), "This file does not look like"),
    ],
)
def test_a_file_that_is_not_a_transcript_is_refused_naming_the_formats(filename, data, kind):
    message = failure(filename, data)
    assert message.startswith(kind)
    assert FORMATS in message


# The interface


def test_every_source_is_a_transcript_source():
    from interviews.models import TranscriptSource

    sources = {
        read_transcript("a.txt", b"MHW5: Hi.").source,
        read_transcript("a.docx", word_file("MHW5: Hi.")).source,
        read_transcript("a.vtt", VTT.encode()).source,
        read_transcript("a.srt", SRT.encode()).source,
        read_transcript("a.otr", otr_file(OTR_MARKUP)).source,
        read_transcript("a.txt", sample("otter.txt")).source,
        read_transcript("a.docx", word_file("A  0:01", "Hi.", "B  0:02", "Yes.")).source,
        read_transcript("a.txt", sample("rev.txt")).source,
        read_transcript("a.docx", word_file("A (00:01):", "Hi.")).source,
        read_transcript("a.json", sample("whisperx.json")).source,
    }
    assert sources == {
        "txt", "docx", "vtt", "srt", "otr", "otter_txt", "otter_docx", "rev_txt", "rev_docx",
        "whisper",
    }  # fmt: skip
    assert sources <= set(TranscriptSource.values)


def test_a_label_with_no_words_makes_no_turn():
    result = read_transcript("interview.txt", b"A:\n\nB:   \nC: words\nD:")
    assert result == ImportResult("txt", (ImportedTurn("C", "words", None),))
