"""Benchmark of the transcript reading view.

It renders the reading view (`GET /studies/<slug>/transcripts/<pk>/`) of a long
interview, a 20,000-word transcript of about 400 turns across five vignettes with its
recording, as a signed-in study lead, in this process through django.test.Client
(DEBUG off, PostgreSQL on loopback), and optionally through gunicorn (`--server`). It
prints one JSON object to stdout (progress goes to stderr); bench/README.md explains the
figures.

    make bench-reading
    .venv/bin/python -m bench.reading --help

Its database (BENCH_DATABASE_URL, default `bench_reading` on the local PostgreSQL) is
created if missing and migrated; the interview is made once through the project's
services and reused by later runs (`--fresh` drops the database and starts again).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import signal
import statistics
import sys
import tempfile
import time
import urllib.request
import warnings
import wave
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.participation import (
    DATABASE_URL_VARIABLE,
    HOST,
    CpuMeter,
    _admin_connection,
    database_name,
    django_setup,
    free_port,
    gunicorn,
    log,
    percentile,
    server_environment,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_reading"
BUDGET_MS = 300  # p95 of one render of the reading view
SERVER_GUNICORN_ARGS = "--workers 1 --worker-class sync"
WARMUP = 3
LEAD = "bench-reading-lead"
SEED = 1127
# Part of the study's address: change it when the generated interview changes, so that
# a database made by an earlier version of this file gets the new interview.
DATA_VERSION = 1
PROFILE_LINES = 30


# --- The interview -------------------------------------------------------------------------
#
# Written for this benchmark: word lists and sentence patterns in the register of a
# research interview about risk in mental health care, combined by a seeded random
# generator, so every run reads the same words and no real interview is used.

OPENERS = [
    "I think", "To be honest,", "The way I see it,", "I suppose", "For me,", "Looking back,",
    "In my experience,", "Most of the time", "Sometimes", "When I started,", "I mean,",
    "Thinking about it now,", "Nine times out of ten", "If I'm really honest,",
]  # fmt: skip
SUBJECTS = [
    "the team", "my care coordinator", "the ward staff", "her sister", "the housing officer",
    "the consultant", "the other residents", "people in the group", "my manager",
    "the duty worker", "the family", "the support worker", "the GP", "the pharmacist",
    "his mum", "the social worker", "the crisis team", "the peer supporter",
]  # fmt: skip
VERBS = [
    "would worry about", "kept coming back to", "tried to balance", "never really asked about",
    "wanted to sort out", "had a plan for", "made a big thing of", "seemed quite relaxed about",
    "took a long time over", "listened properly about", "got anxious about",
    "wrote a lot down about", "argued with us about", "took real care with",
    "didn't want to talk about", "had strong views on",
]  # fmt: skip
OBJECTS = [
    "the medication", "the money side of things", "going back to work", "the risk assessment",
    "the move to the flat", "the weekly visits", "what she actually wanted", "the discharge plan",
    "the crisis line", "the side effects", "the benefits", "the review meeting",
    "the depot injection", "the care plan", "staying on the ward", "the travel plans",
    "the safeguarding side", "the relapse signs", "who gets told what", "the appointee",
]  # fmt: skip
TAILS = [
    "", "", "", " and that made a real difference", " but nobody wrote it down",
    " because of what happened last time", " even when things were going well",
    " which I understand now", " and I felt listened to", " for a few months",
    " before anything else", " and it was hard to say no", " at every single review",
    " without asking the person first", " in a way that felt respectful",
]  # fmt: skip
ADJECTIVES = [
    "difficult", "a relief", "frustrating", "quite tense", "a bit of a balancing act",
    "reassuring", "messy", "slow", "really important", "awkward at first", "humbling",
]  # fmt: skip
HEDGES = [
    "You know what I mean?", "It's hard to explain.", "That was the main thing.",
    "I keep thinking about that.", "It's not black and white.", "That stuck with me.",
    "And that's where it gets complicated.", "Which is fair enough, really.",
    "I wouldn't do it differently now.", "That's the bit people forget.",
]  # fmt: skip
QUESTIONS = [
    "Can you say a bit more about {object}?",
    "What do you think {name} should do next?",
    "How would {subject} see that, do you think?",
    "When you say {object}, what do you mean by that?",
    "Has anything like that happened in your own work?",
    "Is that something you'd talk about with {subject}?",
    "What would make {name} feel safer about it?",
    "Who do you think should decide about {object}?",
    "And how did that feel at the time?",
    "What would you want {subject} to know about {object}?",
    "If it went wrong, what would that look like?",
    "Does it change anything that {name} has been well for a while?",
]  # fmt: skip
ACKNOWLEDGEMENTS = ["Mm-hm.", "Right.", "Okay.", "Yes.", "I see.", "Thank you.", "Sure."]
# Exactly n words for each n, to end a turn on its word budget.
PARTICIPANT_ENDINGS = {
    1: ["Yeah.", "Honestly.", "Anyway."],
    2: ["I think.", "Fair enough.", "Not really."],
    3: ["That's about it.", "It just depends.", "Hard to say."],
    4: ["It's hard to say.", "That's how I'd start.", "I'm not sure, really."],
    5: ["If that makes any sense.", "At least, that's my view.", "I'd probably leave it there."],
}  # fmt: skip
INTERVIEWER_ENDINGS = {
    1: ["Right.", "Okay.", "Mm-hm."],
    2: ["Okay, thanks.", "I see.", "Go on."],
    3: ["That's really helpful.", "Take your time.", "That makes sense."],
    4: ["Take your time there.", "That's really interesting, thanks.", "Say a bit more?"],
    5: ["Thank you, that's really useful.", "Let's come back to that."],
}  # fmt: skip


def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def _participant_sentence(rng: random.Random, name: str) -> str:
    pattern = rng.randrange(6)
    subject, verb, thing = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    if pattern == 0:
        return f"{rng.choice(OPENERS)} {subject} {verb} {thing}{rng.choice(TAILS)}."
    if pattern == 1:
        return _capital(f"{subject} {verb} {thing}{rng.choice(TAILS)}.")
    if pattern == 2:
        return f"It was {rng.choice(ADJECTIVES)}, because {subject} {verb} {thing}."
    if pattern == 3:
        return f"With {name}, I'd want to know how {subject} felt about {thing} first."
    if pattern == 4:
        return rng.choice(HEDGES)
    return (
        f"{rng.choice(OPENERS)} {name} knows more about {thing} than {subject} does"
        f"{rng.choice(TAILS)}."
    )


def _interviewer_sentence(rng: random.Random, name: str) -> str:
    question = rng.choice(QUESTIONS).format(
        object=rng.choice(OBJECTS), subject=rng.choice(SUBJECTS), name=name
    )
    return f"{rng.choice(ACKNOWLEDGEMENTS)} {question}" if rng.random() < 0.4 else question


def _fill(rng, budget: int, sentence, endings: dict[int, list[str]], first: str = "") -> str:
    """Sentences of exactly `budget` words (str.split words, as the page counts them)."""
    parts, left = [], budget
    if first and len(first.split()) <= left:
        parts.append(first)
        left -= len(first.split())
    while left > 0:
        if left <= 5:
            parts.append(rng.choice(endings[left]))
            break
        for _attempt in range(10):
            candidate = sentence()
            if len(candidate.split()) <= left:
                break
        else:
            candidate = rng.choice(endings[5])
        parts.append(candidate)
        left -= len(candidate.split())
    if len(parts) > 6 and rng.random() < 0.3:  # a long answer in two paragraphs
        middle = len(parts) // 2
        return " ".join(parts[:middle]) + "\n" + " ".join(parts[middle:])
    return " ".join(parts)


@dataclass(frozen=True)
class Section:
    vignette_id: int | None  # None for the opening and closing talk
    name: str  # the vignette's main character, or a stand-in
    turns: int


def plan_sections(vignettes: list[tuple[int, str]], turns: int) -> list[Section]:
    """An opening, one section per vignette in the order shown, and a closing; each an
    even number of turns, so Interviewer and participant alternate throughout."""
    edge = max(2, turns // 40 // 2 * 2)
    middle = max(2 * len(vignettes), turns - 2 * edge)
    each = middle // len(vignettes) // 2 * 2
    counts = [each] * len(vignettes)
    counts[-1] += middle - each * len(vignettes)
    counts[-1] += counts[-1] % 2
    someone = "someone in that position"
    return [
        Section(None, someone, edge),
        *(
            Section(pk, title.split()[0], n)
            for (pk, title), n in zip(vignettes, counts, strict=True)
        ),
        Section(None, someone, edge),
    ]


def _question_words(rng: random.Random) -> int:
    """An interviewer's turn: now and then a mere "Mm-hm.", mostly one question, at
    times a longer one that sums up first."""
    draw = rng.random()
    if draw < 0.1:
        return rng.randint(1, 3)
    return rng.randint(6, 20) if draw < 0.75 else rng.randint(20, 40)


def _opening(name: str) -> str:
    return f"So this next story is about {name}. What was your first reaction to it?"


def interview_turns(vignettes: list[tuple[int, str]], pseudonym: str, words: int, turns: int):
    """The interview as the services' Turns: Interviewer and `pseudonym` alternating,
    `words` words in all, each turn timed as speech at about 150 words a minute with a
    pause between turns. `vignettes` are (id, title) in the order the session showed
    them."""
    from interviews.services import INTERVIEWER, Turn

    rng = random.Random(SEED)
    sections = plan_sections(vignettes, turns)
    slots = [(section, index) for section in sections for index in range(section.turns)]
    # Questions are short and answers long: about a sixth of the words are the
    # interviewer's, who opens each vignette's part with the same kind of question.
    opening = len(_opening("x").split())
    asked = [
        _question_words(rng) + (opening if index == 0 and section.vignette_id else 0)
        for section, index in slots
        if index % 2 == 0
    ]
    scale = min(1.0, words * 0.3 / max(1, sum(asked)))  # a short transcript: shorter ones
    asked = [max(1, round(n * scale)) for n in asked]
    answered = words - sum(asked)
    weights = [rng.lognormvariate(0, 0.6) for _ in asked]
    shares = [max(1, int(answered * weight / sum(weights))) for weight in weights]
    for index in range(answered - sum(shares)):  # what rounding left over, one word each
        shares[index % len(shares)] += 1
    result, ms, questions, answers = [], 3000, iter(asked), iter(shares)
    for section, index in slots:
        name = section.name
        if index % 2 == 0:
            first = _opening(name) if index == 0 and section.vignette_id else ""
            speaker = INTERVIEWER
            text = _fill(
                rng, next(questions), lambda name=name: _interviewer_sentence(rng, name),
                INTERVIEWER_ENDINGS, first,
            )  # fmt: skip
        else:
            speaker = pseudonym
            text = _fill(
                rng, next(answers), lambda name=name: _participant_sentence(rng, name),
                PARTICIPANT_ENDINGS,
            )  # fmt: skip
        result.append(Turn(speaker, text, section.vignette_id, ms))
        ms += int(len(text.split()) / 2.5 * 1000) + rng.randint(600, 2500)
    return result


def tiny_wav() -> io.BytesIO:
    """Two seconds of 8 kHz silence: enough for the player markup, which never plays."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(b"\x80" * 16000)
    buffer.seek(0)
    return buffer


# --- The database and the data --------------------------------------------------------------


def database_ensure(url: str, fresh: bool) -> bool:
    """Creates the database unless it is there (dropping it first with `fresh`).
    Returns whether it was created."""
    from psycopg import sql

    name = database_name(url)
    with _admin_connection(url) as connection:
        if fresh:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return found is None


@dataclass
class Setup:
    url: str  # the reading view's path
    lead_pk: int
    words: int
    turns: int
    created: bool


def study_slug(words: int, turns: int) -> str:
    return f"bench-reading-{words}w-{turns}t-v{DATA_VERSION}"


def make_interview(words: int, turns: int):
    """A study with the demo study's five vignettes, a consented worker, their in-person
    interview (started and ended) and its transcript: made through the services, in one
    transaction, so a study of this address is always complete."""
    from django.db import transaction

    from interviews import services as interview_services
    from interviews.demo_texts import demo_vignettes
    from interviews.models import SessionMode, TranscriptSource
    from studies import services
    from studies.models import User
    from tests.factories import DATA_PROTECTION, give_consent, publish_consent_form

    with transaction.atomic():
        lead, _ = User.objects.get_or_create(
            username=LEAD, defaults={"email": f"{LEAD}@example.org"}
        )
        if lead.has_usable_password():
            lead.set_unusable_password()
            lead.save()
        study = services.study_create(
            creator=lead, title="Reading benchmark", slug=study_slug(words, turns)
        )
        services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
        sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
        services.document_update(
            actor=lead, document=sheet, title="About the study",
            body="We are asking people how risk is handled in mental health care.\n\n" * 6,
        )  # fmt: skip
        services.document_publish(actor=lead, document=sheet)
        publish_consent_form(study, lead)
        for spec in demo_vignettes()[:5]:
            interview_services.vignette_create(
                actor=lead, study=study, title=spec.title, text=spec.text
            )
        worker = study.roles.get(code="MHW")
        person = services.participant_add(actor=lead, study=study, role=worker, site=None)
        give_consent(person, lead)
        session, _token = interview_services.session_create(
            actor=lead, participant=person, mode=SessionMode.IN_PERSON, interviewer=lead
        )
        interview_services.session_start(actor=lead, session=session)
        interview_services.session_complete(actor=lead, session=session)
        shown = [
            (row.vignette_id, row.version.title)
            for row in session.vignettes.select_related("version").order_by("position")
        ]
        interview_services.transcript_create(
            actor=lead, participant=person, session=session, source=TranscriptSource.DOCX,
            turns=interview_turns(shown, person.pseudonym, words, turns),
        )  # fmt: skip


def prepare(words: int, turns: int) -> Setup:
    """The interview (made unless a study of this address has it already) and, every
    run, a fresh recording of it in this run's MEDIA_ROOT."""
    from django.core.files import File
    from django.urls import reverse

    from interviews import services as interview_services
    from interviews.models import Transcript
    from studies.models import User

    slug = study_slug(words, turns)
    created = not Transcript.objects.filter(study__slug=slug).exists()
    if created:
        make_interview(words, turns)
    transcript = Transcript.objects.select_related("session").get(study__slug=slug)
    lead = User.objects.get(username=LEAD)
    # Replaces the recording of an earlier run, whose file went with its MEDIA_ROOT.
    interview_services.recording_upload(
        actor=lead, session=transcript.session, file=File(tiny_wav(), name="interview.wav")
    )
    version = transcript.versions.get(number=transcript.version)
    spoken = sum(len(version.text[a:b].split()) for _s, a, b, _ms, _v in version.turns)
    return Setup(
        reverse("transcript-detail", args=[slug, transcript.pk]), lead.pk, spoken,
        len(version.turns), created,
    )  # fmt: skip


# --- Measuring -------------------------------------------------------------------------------


def figures(durations: list[float]) -> dict[str, float | None]:
    return {
        "p50_ms": percentile(durations, 50),
        "p95_ms": percentile(durations, 95),
        "max_ms": round(max(durations), 1) if durations else None,
        "min_ms": round(min(durations), 1) if durations else None,
    }


class PageError(Exception):
    pass


def check_page(html: str, lines: int, headings: int) -> None:
    """What a correct render holds: every line, the vignette headings and the player."""
    article = html[html.find('<article class="transcript"') : html.rfind("</article>")]
    found = {
        "lines": article.count("<li>"),
        "headings": html.count('class="vignette-boundary"'),
        "player": html.count('<audio id="recording"'),
    }
    expected = {"lines": lines, "headings": headings, "player": 1}
    if found != expected:
        raise PageError(f"the page holds {found}, expected {expected}")


def get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise PageError(f"GET {url}: {response.status_code}, expected 200")
    return response


@contextmanager
def phase_timer(spent: dict[str, float]):
    """Times, while it is open, the parts of each render of the reading view: SQL (apart
    inside and outside the template), reading_turns, and the template's rendering."""
    from django.db import connection

    from interviews.views import transcripts as view_module

    inside = {"render": False}
    real_turns, real_render = view_module.reading_turns, view_module.render

    def timed(key, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += (time.perf_counter() - started) * 1000

        return wrapper

    def rendering(*args, **kwargs):
        inside["render"] = True
        try:
            return timed("render", real_render)(*args, **kwargs)
        finally:
            inside["render"] = False

    def sql(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            key = "template_sql" if inside["render"] else "sql"
            spent[key] += (time.perf_counter() - started) * 1000
            spent[key + "_queries"] += 1

    view_module.reading_turns = timed("reading_turns", real_turns)
    view_module.render = rendering
    try:
        with connection.execute_wrapper(sql):
            yield
    finally:
        view_module.reading_turns, view_module.render = real_turns, real_render


def breakdown(client, url: str, renders: int) -> dict[str, float]:
    """Where a render's time goes, as medians over `renders` instrumented renders (not
    the measured ones: the instruments cost a little)."""
    keys = ("sql", "sql_queries", "reading_turns", "render", "template_sql",
            "template_sql_queries", "total")  # fmt: skip
    samples: dict[str, list[float]] = {key: [] for key in keys}
    for _ in range(renders):
        spent = dict.fromkeys(keys, 0.0)
        with phase_timer(spent):
            started = time.perf_counter()
            get(client, url)
            spent["total"] = (time.perf_counter() - started) * 1000
        for key in keys:
            samples[key].append(spent[key])
    median = {key: statistics.median(values) for key, values in samples.items()}
    template = median["render"] - median["template_sql"]
    rest = median["total"] - median["sql"] - median["reading_turns"] - median["render"]
    return {
        "total": round(median["total"], 1),
        "sql": round(median["sql"], 1),
        "queries": int(median["sql_queries"]),
        "reading_turns": round(median["reading_turns"], 1),
        "template": round(template, 1),
        "template_sql": round(median["template_sql"], 1),
        "template_queries": int(median["template_sql_queries"]),
        "middleware_and_rest": round(rest, 1),
    }


def profile(client, url: str, renders: int) -> None:
    """cProfile over `renders` renders, its summary to stderr."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        get(client, url)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(PROFILE_LINES)
        log(f"profile of {renders} renders, by {order} time:\n{out.getvalue()}")


@dataclass
class Measured:
    durations: list[float]  # wall-clock milliseconds of each render
    cpu: list[float]  # this process's CPU milliseconds of each render
    content: bytes  # the last page
    full_gc: int  # renders during which a full (generation 2) garbage collection ran
    machine: dict[str, float]  # CPU seconds by whom, over all the renders


def measure_in_process(client, url: str, repeat: int) -> Measured:
    """Times `repeat` renders, noting which included a full garbage collection (it scans
    every object of the process) and the CPU that the renders, PostgreSQL and anything
    else used meanwhile."""
    durations, cpu, content, full = [], [], b"", []

    def noticed(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    # No gunicorn here: -1 is no process, so CpuMeter counts this one as "client".
    machine: dict[str, float] = {}
    gc.callbacks.append(noticed)
    try:
        collected = 0
        with CpuMeter(-1).measure(machine):
            for _ in range(repeat):
                before = len(full)
                started, processor = time.perf_counter(), time.process_time()
                response = get(client, url)
                durations.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - processor) * 1000)
                collected += len(full) > before
                content = response.content
    finally:
        gc.callbacks.remove(noticed)
    names = {"client": "bench", "postgres": "postgres", "other": "other",
             "machine_busy_percent": "machine_busy_percent"}  # fmt: skip
    machine = {name: machine[key] for key, name in names.items() if key in machine}
    return Measured(durations, cpu, content, collected, machine)


def measure_server(env, url: str, cookie: str, repeat: int, lines: int, headings: int) -> dict:
    """The same page through gunicorn (one sync worker), fetched with urllib: what the
    server adds, HTTP and WSGI, without any concurrency."""
    port = free_port()
    descriptor, name = tempfile.mkstemp(prefix="bench-reading-gunicorn-", suffix=".log")
    os.close(descriptor)
    log_path = Path(name)
    address = f"http://{HOST}:{port}{url}"

    def fetch() -> tuple[float, bytes]:
        request = urllib.request.Request(address, headers={"Cookie": cookie})  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            body = response.read()
            status = response.status
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise PageError(f"GET {address}: {status}, expected 200")
        return elapsed, body

    try:
        with (
            log_path.open("w") as log_file,
            gunicorn(env, SERVER_GUNICORN_ARGS, port, log_file, log_path),
        ):
            for _ in range(WARMUP):
                fetch()
            results = [fetch() for _ in range(repeat)]
            check_page(results[-1][1].decode(), lines, headings)
    except BaseException:
        log(f"failed; gunicorn's log is kept in {log_path}")
        raise
    log_path.unlink()
    durations = [ms for ms, _ in results]
    return {
        "gunicorn": SERVER_GUNICORN_ARGS,
        "html_bytes": len(results[-1][1]),
        **figures(durations),
        "ok": percentile(durations, 95) < BUDGET_MS,
    }


# --- Main --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reading", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=30, help="measured renders (default: 30)")
    parser.add_argument(
        "--words", type=int, default=20_000, help="words in the transcript (default: 20000)"
    )
    parser.add_argument(
        "--turns", type=int, default=400, help="turns in the transcript (default: 400)"
    )
    parser.add_argument(
        "--server", action="store_true",
        help=f"also time the page through gunicorn ({SERVER_GUNICORN_ARGS})",
    )  # fmt: skip
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N",
        help="cProfile N more renders and print the summary to stderr",
    )  # fmt: skip
    parser.add_argument(
        "--fresh", action="store_true", help="drop the benchmark's database and make it again"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when over the budget"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.words < 100 or args.turns < 20:
        parser.error("at least 1 repeat, 100 words and 20 turns")
    return args


def run(args: argparse.Namespace, env: dict[str, str]) -> dict:
    started = time.perf_counter()
    # WhiteNoise looks for collected static files, which development settings do without.
    warnings.filterwarnings("ignore", message="No directory at")
    django_setup(env)  # migrates
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from interviews.models import Transcript
    from interviews.reading import reading_turns
    from studies.models import User

    setup = prepare(args.words, args.turns)
    log(
        f"interview {'made' if setup.created else 'reused'}: {setup.words} words, "
        f"{setup.turns} turns ({time.perf_counter() - started:.1f} s with the migrations)"
    )
    transcript = Transcript.objects.select_related("participant").get(
        study__slug=study_slug(args.words, args.turns)
    )
    turns = reading_turns(transcript, transcript.versions.get(number=transcript.version))
    lines = sum(len(turn.lines) for turn in turns)
    headings = sum(1 for turn in turns if turn.vignette)

    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(pk=setup.lead_pk))
    for _ in range(WARMUP):
        check_page(get(client, setup.url).content.decode(), lines, headings)
    measured = measure_in_process(client, setup.url, args.repeat)
    durations, content = measured.durations, measured.content
    check_page(content.decode(), lines, headings)
    seconds = sum(durations) / 1000
    if measured.machine.get("other", 0.0) > max(0.1, 0.1 * seconds):
        log(
            f"warning: other processes took {measured.machine['other']} CPU seconds during "
            f"the {seconds:.1f} s of renders (see cpu_seconds.other): the figures overstate "
            "the render time; cpu_p50_ms is steadier"
        )
    with CaptureQueriesContext(connection) as captured:
        get(client, setup.url)
    # Read now: the next request clears the connection's log, and captured_queries with it.
    queries = [query["sql"] for query in captured.captured_queries]
    parts = breakdown(client, setup.url, 5)
    p95 = percentile(durations, 95)
    log(f"in process: p50 {percentile(durations, 50)} ms, p95 {p95} ms")
    if args.profile:
        log("queries of one render:\n" + "\n".join(f"  {sql[:160]}" for sql in queries))
        profile(client, setup.url, args.profile)
    server = None
    if args.server:
        name = settings.SESSION_COOKIE_NAME
        cookie = f"{name}={client.cookies[name].value}"
        server = measure_server(env, setup.url, cookie, args.repeat, lines, headings)
        log(f"gunicorn: p50 {server['p50_ms']} ms, p95 {server['p95_ms']} ms")
    return {
        "benchmark": "reading",
        "url": setup.url,
        "data": "made" if setup.created else "reused",
        "words": setup.words,
        "turns": setup.turns,
        "lines": lines,
        "vignette_headings": headings,
        "html_bytes": len(content),
        "queries": len(queries),
        "warmup": WARMUP,
        "repeat": args.repeat,
        **figures(durations),
        "mean_ms": round(statistics.fmean(durations), 1),
        "cpu_p50_ms": percentile(measured.cpu, 50),
        "renders_with_full_gc": measured.full_gc,
        "budget_ms": BUDGET_MS,
        "ok": p95 < BUDGET_MS,
        "breakdown_ms": parts,
        "cpu_seconds": measured.machine,
        "server": server,
        "setup": {
            "client": "django.test.Client, in process, signed in as the study lead",
            "database": "PostgreSQL on loopback",
            "debug": settings.DEBUG,
            "cpus": os.cpu_count(),
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    database_url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    created = database_ensure(database_url, args.fresh)
    log(f"database {database_name(database_url)} ({'created' if created else 'reused'})")
    env = server_environment(database_url)
    with tempfile.TemporaryDirectory(prefix="bench-reading-media-") as media:
        env["MEDIA_ROOT"] = media
        try:
            result = run(args, env)
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
    print(json.dumps(result, indent=2))
    over = not result["ok"] or (result["server"] is not None and not result["server"]["ok"])
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
