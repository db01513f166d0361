"""Load benchmark of the participant's online flow.

It runs gunicorn on PostgreSQL over loopback and drives simulated participants through
the whole flow, as a browser with htmx would: open the personal link, read each page,
type each answer in a few increments (each one autosaved), post the page, follow the
redirect, and at the end send the answers and reach the thanks page. Every run has its
own fresh participants, each with their own link. It prints one JSON object to stdout
(progress goes to stderr); bench/README.md explains the figures.

    make bench-participation
    .venv/bin/python -m bench.participation --help

It creates its own database (BENCH_DATABASE_URL, default `bench_participation` on the
local PostgreSQL), migrates it, fills it through the project's services, and drops it
at the end, even on failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import queue
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# Not DATABASE_URL: the README has people export that for their own database, and this
# benchmark drops the database it uses.
DATABASE_URL_VARIABLE = "BENCH_DATABASE_URL"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_participation"
# The fastest of the configurations tried on a 2-core machine (bench/README.md).
DEFAULT_GUNICORN_ARGS = "--workers 3 --worker-class sync"
REQUEST_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0

# The latency budget is for 50 participants, and participants pause: htmx saves an
# answer 700 ms after the last keystroke, and nobody reads a vignette and turns the page
# faster than that. So by default the run at 50 pauses that long before each request;
# every other run (the throughput budget at 16) pauses not at all. `--think-ms` sets one
# pause for every run (`--think-ms 0`: 50 at once as fast as the server answers).
PARTICIPANT_PAUSE_MS = 700.0
PAUSED_CONCURRENCY = 50

# The rate at 16 is twice the oTree figure (160-180 requests/s), which holds on a
# machine as fast as the one it was measured on; bench/compare.py measures oTree in the
# same sitting, the budget as the issue states it.
BUDGET: dict[str, float] = {
    "page_p95_ms_at_50": 100,
    "autosave_p95_ms_at_50": 100,
    "errors": 0,
    "lost_answers": 0,
    "requests_per_second_at_16": 340,
}

# What a participant's requests are, for the per-kind figures. Everything but an
# autosave is a page request: what a person waits for when they open or turn a page.
AUTOSAVE = "autosave"
PAGE_KINDS = (
    "enter", "welcome", "start", "page", "page_post", "finish", "finish_post", "thanks",
)  # fmt: skip

TEXTAREA_NAME = re.compile(r'<textarea\b[^>]*\bname="(q\d+)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SAVED = 'class="saved"'
PAGE_STATE_FIELD = re.compile(r'<input type="hidden" name="(tab|tok_q\d+)" value="([^"]*)"')
LINK_HOME = re.compile(r"/p/\d+/")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- Measuring ---------------------------------------------------------------------------


class Recorder:
    """Every request's duration and every failure of one run, shared by the threads."""

    def __init__(self) -> None:
        # list.append is atomic under the GIL, so the threads share these lists freely.
        self.durations: dict[str, list[float]] = {kind: [] for kind in (*PAGE_KINDS, AUTOSAVE)}
        self.failures: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, kind: str, milliseconds: float) -> None:
        self.durations[kind].append(milliseconds)

    def fail(self, kind: str, reason: str) -> None:
        with self._lock:
            self.failures[f"{kind}: {reason}"] += 1


def percentile(values: list[float], percent: float) -> float | None:
    """Nearest-rank percentile: the smallest value with `percent` % of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * percent / 100))
    return round(ordered[rank - 1], 1)


class CpuMeter:
    """CPU seconds spent by this process, the gunicorn master and its workers, and
    PostgreSQL's processes (all of them: the server is meant to be otherwise idle), and
    how busy the whole machine was. Linux only (/proc); empty elsewhere. `server` names
    the figure of the server process and its children (bench/otree_flow.py measures
    another server than gunicorn)."""

    def __init__(self, gunicorn_pid: int, server: str = "gunicorn") -> None:
        self.gunicorn_pid = gunicorn_pid
        self.server = server
        self.ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def _processes(self) -> dict[str, dict[int, float]]:
        found: dict[str, dict[int, float]] = {self.server: {}, "postgres": {}}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended meanwhile
            # The command name is in parentheses and may hold spaces: split after it.
            name = stat[stat.find("(") + 1 : stat.rfind(")")]
            fields = stat[stat.rfind(")") + 2 :].split()
            pid, parent = int(entry.name), int(fields[1])
            # Its own user and system time, and that of its children that ended (the
            # postmaster's backends, gunicorn's workers), which would be lost otherwise.
            seconds = sum(int(ticks) for ticks in fields[11:15]) / self.ticks
            if self.gunicorn_pid in (pid, parent):
                found[self.server][pid] = seconds
            elif name.startswith("postgres"):
                found["postgres"][pid] = seconds
        return found

    @staticmethod
    def _machine() -> tuple[int, int]:
        """(busy, total) jiffies of all CPUs since boot."""
        line = Path("/proc/stat").read_text().split("\n", 1)[0]
        # user nice system idle iowait irq softirq steal (guest time is within user)
        values = [int(value) for value in line.split()[1:9]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    @contextmanager
    def measure(self, into: dict[str, float]) -> Iterator[None]:
        if not Path("/proc/stat").exists():
            yield
            return
        client, processes, machine = time.process_time(), self._processes(), self._machine()
        yield
        after, machine_after = self._processes(), self._machine()
        into["client"] = round(time.process_time() - client, 2)
        for group, pids in after.items():
            # Totals, not per process: a backend that ended during the run took its time
            # to its parent's count of children.
            into[group] = round(sum(pids.values()) - sum(processes[group].values()), 2)
        busy, total = (a - b for a, b in zip(machine_after, machine, strict=True))
        into["machine_busy_percent"] = round(100 * busy / total, 1) if total else 0.0
        # CPU used by anything else on the machine: a noisy neighbour skews the run.
        measured = sum(into[group] for group in ("client", *after))
        into["other"] = round(max(0.0, busy / self.ticks - measured), 2)


# --- A participant's browser -------------------------------------------------------------


class FlowError(Exception):
    """The participant cannot go on: a request failed or led somewhere unexpected."""


@dataclass
class Reply:
    status: int
    location: str
    text: str


class Browser:
    """One participant's browser: one keep-alive connection (when the server keeps it
    open) and its cookies. http.client is used rather than a richer client because the
    load generator shares the two cores with the server it measures."""

    def __init__(self, port: int, recorder: Recorder, think_seconds: float) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        self.recorder = recorder
        self.think_seconds = think_seconds
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        self.connection.close()

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> http.client.HTTPResponse:
        reused = self.connection.sock is not None
        try:
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server closed an idle keep-alive connection just as we reused it;
            # browsers retry on a new connection in that case, and so do we, once.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            return self.connection.getresponse()

    def request(
        self, kind: str, method: str, path: str, *, fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None, expect: int = 200,
    ) -> Reply:  # fmt: skip
        if self.think_seconds:
            time.sleep(self.think_seconds)
        sent = dict(headers or {})
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        try:
            response = self._send(method, path, body, sent)
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.recorder.fail(kind, type(error).__name__)
            raise FlowError(f"{method} {path}: {error!r}") from error
        self.recorder.add(kind, (time.perf_counter() - started) * 1000)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        if response.status != expect:
            self.recorder.fail(kind, f"HTTP {response.status}")
            raise FlowError(f"{method} {path}: {response.status}, expected {expect}")
        return Reply(response.status, response.getheader("Location", ""), data.decode())

    def expect_redirect(self, kind: str, reply: Reply, to: str) -> None:
        if reply.location != to:
            self.recorder.fail(kind, "unexpected redirect")
            raise FlowError(f"{kind} redirected to {reply.location!r}, expected {to!r}")


# --- What participants type --------------------------------------------------------------


def answer_pool() -> list[str]:
    """Answers written for the demo study: realistic lengths and wording."""
    from interviews.demo_texts import demo_answers

    pool: list[str] = []
    for person in demo_answers().values():
        pool.extend(text for pair in person["vignettes"].values() for text in pair)
        pool.append(person["closing"])
    return pool


def answer_for(pool: list[str], token: str, number: int, name: str) -> str:
    """A distinct answer per participant, page and question, so an answer stored in the
    wrong place shows up as lost. A paragraph break (CRLF, as browsers send it) and a
    non-ASCII dash check that the text arrives intact."""
    key = f"{token}/{number}/{name}"
    text = pool[zlib.crc32(key.encode()) % len(pool)]
    return f"{text}\r\n\r\n— {name} on page {number}, participant {token[:8]}"


def typed(text: str, steps: int) -> list[str]:
    """The text as autosave sees it while someone types: growing prefixes, the last
    one complete."""
    return [text[: len(text) * step // steps] for step in range(1, steps + 1)]


# --- The flow ----------------------------------------------------------------------------


Sent = dict[tuple[str, int, str], str]  # (token, page number, field name): last text sent


def page_state(text: str) -> dict[str, str]:
    """The hidden fields an answers page holds for its saves: its view id (`tab`) and,
    per answer, what it last saw of it (`tok_q<id>`); an autosave's reply holds the
    answer's new `tok_q<id>`."""
    return dict(PAGE_STATE_FIELD.findall(text))


def participate(browser: Browser, token: str, pool: list[str], autosaves: int, sent: Sent) -> None:
    """One participant from their link to the thanks page. The study asks free-text
    questions only, so each page's fields are its textareas. Raises FlowError at the
    first request that fails or leads somewhere unexpected."""
    # The token is only in the address sent: it is traded for the link's cookie, and
    # every page after lives under the link's id.
    reply = browser.request("enter", "GET", f"/p/{token}/", expect=302)
    if LINK_HOME.fullmatch(reply.location) is None or "vl_link" not in browser.cookies:
        browser.recorder.fail("enter", "no link cookie or unexpected redirect")
        raise FlowError(f"/p/<token>/ led to {reply.location!r}, cookies {sorted(browser.cookies)}")
    base = reply.location
    browser.request("welcome", "GET", base)
    reply = browser.request("start", "GET", f"{base}start/", expect=302)
    browser.expect_redirect("start", reply, f"{base}page/1/")
    number, location = 1, reply.location
    while location == f"{base}page/{number}/":
        page = browser.request("page", "GET", location)
        names = TEXTAREA_NAME.findall(page.text)
        form_token = CSRF_FIELD.search(page.text)
        cookie_token = browser.cookies.get("csrftoken")
        if form_token is None or cookie_token is None:
            browser.recorder.fail("page", "no CSRF token")
            raise FlowError(f"{location}: no CSRF token in the form or the cookies")
        state = page_state(page.text)
        if "tab" not in state:
            browser.recorder.fail("page", "no page view id")
            raise FlowError(f"{location}: no `tab` field in the form")
        answers = {name: answer_for(pool, token, number, name) for name in names}
        htmx = {"HX-Request": "true", "X-CSRFToken": cookie_token}
        seq = 0
        for name, text in answers.items():
            for part in typed(text, autosaves):
                sent[(token, number, name)] = part
                seq += 1
                # What htmx sends (hx-params): the answer, its token and the view id;
                # answers.js adds the view's count of its saves.
                fields = {name: part, f"tok_{name}": state.get(f"tok_{name}", "")}
                fields |= {"tab": state["tab"], "seq": str(seq)}
                saved = browser.request(
                    AUTOSAVE, "POST", f"{location}save/", fields=fields, headers=htmx
                )
                if SAVED not in saved.text:
                    browser.recorder.fail(AUTOSAVE, "answer refused")
                    raise FlowError(f"{location}save/: {saved.text.strip()!r}")
                state |= page_state(saved.text)  # the status line swapped in
        seq += 1
        form = {**state, **answers, "seq": str(seq), "action": "next"}
        form["csrfmiddlewaretoken"] = form_token.group(1)
        sent.update({(token, number, name): text for name, text in answers.items()})
        reply = browser.request("page_post", "POST", location, fields=form, expect=302)
        number, location = number + 1, reply.location
    browser.expect_redirect("page_post", Reply(302, location, ""), f"{base}finish/")
    finish = browser.request("finish", "GET", location)
    form_token = CSRF_FIELD.search(finish.text)
    if form_token is None:
        browser.recorder.fail("finish", "no CSRF token")
        raise FlowError(f"{location}: no CSRF token in the form")
    reply = browser.request(
        "finish_post", "POST", location,
        fields={"csrfmiddlewaretoken": form_token.group(1)}, expect=302,
    )  # fmt: skip
    browser.expect_redirect("finish_post", reply, f"{base}thanks/")
    browser.request("thanks", "GET", reply.location)


@dataclass
class RunOutcome:
    recorder: Recorder
    sent: Sent
    seconds: float
    cpu: dict[str, float] = field(default_factory=dict)


def drive(
    tokens: list[str], concurrency: int, port: int, *, pool: list[str], autosaves: int,
    think_seconds: float, cpu: CpuMeter, flow: Callable[..., None] = participate,
) -> RunOutcome:  # fmt: skip
    """`concurrency` participants at once, each slot taking the next fresh participant
    (new connection, no cookies) as soon as its previous one has finished: a closed
    loop, with `think_seconds` between one participant's requests. `flow` takes one
    participant through, with `participate`'s arguments (bench/otree_flow.py passes
    oTree's flow)."""
    pending: queue.SimpleQueue[str] = queue.SimpleQueue()
    for token in tokens:
        pending.put(token)
    outcome = RunOutcome(Recorder(), {}, 0.0)
    start = threading.Barrier(concurrency + 1)

    def slot() -> None:
        start.wait()
        while True:
            try:
                token = pending.get_nowait()
            except queue.Empty:
                return
            browser = Browser(port, outcome.recorder, think_seconds)
            try:
                flow(browser, token, pool, autosaves, outcome.sent)
            except FlowError as error:
                log(f"participant {token[:8]} stopped: {error}")
            finally:
                browser.close()

    threads = [threading.Thread(target=slot, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    with cpu.measure(outcome.cpu):
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        outcome.seconds = time.perf_counter() - began
    return outcome


# --- The database and the data -----------------------------------------------------------


def _admin_connection(url: str):
    """A connection to the same server's maintenance database, to create and drop."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or HOST, port=parts.port or 5432, user=parts.username or "postgres",
        password=urllib.parse.unquote(parts.password or "") or None, dbname="postgres",
        autocommit=True,
    )  # fmt: skip


def database_name(url: str) -> str:
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    if not name.startswith("bench"):
        # This benchmark drops its database: never one that could hold real data.
        raise SystemExit(f"{DATABASE_URL_VARIABLE} must name a database starting with 'bench'.")
    return name


def database_create(url: str) -> None:
    from psycopg import sql

    name = sql.Identifier(database_name(url))
    with _admin_connection(url) as connection:
        # A leftover from an interrupted run goes first.
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def database_drop(url: str) -> None:
    from psycopg import sql

    name = sql.Identifier(database_name(url))
    with _admin_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def django_setup(env: dict[str, str]) -> None:
    """Django in this process, on the benchmark's database, to migrate and to create
    and check the data through the project's own services and models."""
    os.environ.pop("REDIS_URL", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


@dataclass
class Participants:
    """Each run's participants, as the tokens of their personal links."""

    tokens: dict[str, list[str]]
    session_of: dict[str, int]  # token: session id
    pages: int = 0  # pages of questions each session shows
    questions: int = 0  # answers each participant gives


def create_participants(counts: dict[str, int]) -> Participants:
    """A study as a team would set it up (data-protection basis, information sheet,
    consent form, the demo study's five vignettes, two required follow-up questions and
    a closing one), then consented workers with an online session and link each."""
    from django.db import transaction

    from interviews import services as interview_services
    from interviews.demo_texts import demo_questions, demo_vignettes
    from interviews.plan import session_pages
    from studies import services
    from studies.models import User
    from tests.factories import DATA_PROTECTION, give_consent, publish_consent_form

    participants = Participants({}, {})
    with transaction.atomic():
        lead = User(username="bench-lead", email="bench-lead@example.org")
        lead.set_unusable_password()
        lead.save()
        study = services.study_create(creator=lead, title="Participation benchmark")
        services.data_protection_update(actor=lead, study=study, **DATA_PROTECTION)
        sheet = services.document_draft(actor=lead, study=study, kind="information_sheet")
        services.document_update(
            actor=lead, document=sheet, title="About the study",
            body="We are asking people how risk is handled in mental health care.\n\n" * 6,
        )  # fmt: skip
        services.document_publish(actor=lead, document=sheet)
        publish_consent_form(study, lead)
        for spec in demo_vignettes():
            interview_services.vignette_create(
                actor=lead, study=study, title=spec.title, text=spec.text
            )
        follow_ups, closing = demo_questions()
        for prompt in follow_ups:
            interview_services.question_create(
                actor=lead, study=study, prompt=prompt, required=True
            )
        interview_services.question_create(actor=lead, study=study, prompt=closing, stage="closing")
        worker = study.roles.get(code="MHW")
        for run, count in counts.items():
            participants.tokens[run] = []
            for _ in range(count):
                person = services.participant_add(actor=lead, study=study, role=worker, site=None)
                give_consent(person, lead)
                session, token = interview_services.session_create(
                    actor=lead, participant=person, mode="online"
                )
                assert token is not None
                participants.tokens[run].append(token)
                participants.session_of[token] = session.pk
        # Every session shows the same pages, in its own order: any one tells their size.
        pages = session_pages(session) if participants.session_of else []
        participants.pages = len(pages)
        participants.questions = sum(len(page.questions) for page in pages)
    return participants


def check_answers(sent: Sent, tokens: list[str], session_of: dict[str, int]) -> dict[str, int]:
    """Compares the last text sent for each answer with what the database holds, and
    counts the sessions completed with their transcript."""
    from interviews.models import InterviewSession, SessionStatus, Transcript
    from interviews.plan import session_pages
    from interviews.services import session_answers

    by_token: dict[str, list[tuple[int, str, str]]] = {}
    for (token, number, name), text in sent.items():
        by_token.setdefault(token, []).append((number, name, text))
    stored = lost = 0
    for token in tokens:
        session = InterviewSession.objects.select_related("study", "participant__role").get(
            pk=session_of[token]
        )
        pages = session_pages(session)
        held = session_answers(session)
        for number, name, text in by_token.get(token, []):
            vignette = pages[number - 1].vignette
            key = (int(name.removeprefix("q")), vignette.pk if vignette else None)
            stored += key in held
            # The product stores newlines as \n (answer_clean): compare likewise.
            lost += held.get(key) != text.replace("\r\n", "\n")
    sessions = [session_of[token] for token in tokens]
    return {
        "answers_sent": len(sent),
        "answers_stored": stored,
        "lost_answers": lost,
        "sessions_completed": InterviewSession.objects.filter(
            pk__in=sessions, status=SessionStatus.COMPLETED
        ).count(),
        "transcripts": Transcript.objects.filter(session__in=sessions).count(),
    }


# --- The server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _log_tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _die_with_parent() -> None:
    """In the gunicorn child, before it runs: on Linux, have the kernel stop it if the
    benchmark is killed outright (SIGKILL), when no clean-up code can run."""
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_process(process: subprocess.Popen) -> None:
    """Asks a server we started to stop, and makes it if it has not within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(
    env: dict[str, str], args: str, port: int, log_file: IO[str], log_path: Path
) -> Iterator[subprocess.Popen]:
    """gunicorn serving the project until the block ends, however it ends."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
        "--bind", f"{HOST}:{port}", *shlex.split(args),
    ]  # fmt: skip
    log(f"starting {' '.join(command[1:])}")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=PROJECT_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not come up:\n{_log_tail(log_path)}")
            time.sleep(0.2)
        yield process
    finally:
        stop_process(process)


def server_environment(database_url: str) -> dict[str, str]:
    """What gunicorn runs with: the benchmark's database, DEBUG off, development
    settings otherwise (production ones would redirect plain HTTP to HTTPS), no Redis
    (the cache then lives in each worker, and nothing in this flow queues a task)."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL"}}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_ENV="development",
        DEBUG="false",
        # A throwaway key, so that the run writes no .dev-secret-key file.
        SECRET_KEY=secrets.token_urlsafe(50),
        LOG_LEVEL="WARNING",
    )
    return env


# --- Figures -----------------------------------------------------------------------------


def summarise(
    outcome: RunOutcome, concurrency: int, participants: int, think_ms: float,
    answers: dict[str, int],
) -> dict:  # fmt: skip
    durations = outcome.recorder.durations
    views = sum(len(durations[kind]) for kind in ("welcome", "page", "finish", "thanks"))
    pages = [ms for kind in PAGE_KINDS for ms in durations[kind]]
    autosaves = durations[AUTOSAVE]
    requests = len(pages) + len(autosaves)
    seconds = outcome.seconds or float("inf")
    errors = sum(outcome.recorder.failures.values())
    return {
        "concurrency": concurrency,
        "participants": participants,
        "think_ms": think_ms,
        "seconds": round(outcome.seconds, 2),
        "requests": requests,
        "requests_per_second": round(requests / seconds, 1),
        "pages_per_second": round(len(pages) / seconds, 1),
        "page_views_per_second": round(views / seconds, 1),
        "page_p50_ms": percentile(pages, 50),
        "page_p95_ms": percentile(pages, 95),
        "page_p99_ms": percentile(pages, 99),
        "autosave_p50_ms": percentile(autosaves, 50),
        "autosave_p95_ms": percentile(autosaves, 95),
        "autosave_p99_ms": percentile(autosaves, 99),
        "errors": errors,
        "error_kinds": dict(outcome.recorder.failures),
        **answers,
        "by_kind": {
            kind: {
                "count": len(values),
                "p50_ms": percentile(values, 50),
                "p95_ms": percentile(values, 95),
            }
            for kind, values in durations.items()
        },
        "cpu_seconds": outcome.cpu,
        **cpu_bound(outcome.cpu, requests),
    }


def cpu_bound(cpu: dict[str, float], requests: int) -> dict[str, float]:
    """CPU milliseconds a request costs the load generator, gunicorn (or the server
    measured) and PostgreSQL together, and the requests per second that makes possible
    on this machine's cores if nothing else ran: a steadier figure than throughput on a
    shared machine."""
    spent = sum(
        seconds for group, seconds in cpu.items() if group not in ("machine_busy_percent", "other")
    )
    if not requests or not spent:
        return {}
    per_request = 1000 * spent / requests
    return {
        "cpu_ms_per_request": round(per_request, 2),
        "cpu_bound_requests_per_second": round((os.cpu_count() or 1) * 1000 / per_request, 1),
    }


def budget_checks(runs: dict[str, dict], warmup: dict) -> dict[str, bool | None]:
    """Each budget line: True when met, None when the run it needs was not made."""
    at_50, at_16 = runs.get("50"), runs.get("16")
    every = [warmup, *runs.values()]

    def under(run: dict | None, figure: str, budget: str) -> bool | None:
        return None if run is None or run[figure] is None else run[figure] < BUDGET[budget]

    return {
        "page_p95_ms_at_50": under(at_50, "page_p95_ms", "page_p95_ms_at_50"),
        "autosave_p95_ms_at_50": under(at_50, "autosave_p95_ms", "autosave_p95_ms_at_50"),
        "errors": sum(run["errors"] for run in every) <= BUDGET["errors"],
        "lost_answers": sum(run["lost_answers"] for run in every) <= BUDGET["lost_answers"],
        "requests_per_second_at_16": (
            None
            if at_16 is None
            else at_16["requests_per_second"] >= BUDGET["requests_per_second_at_16"]
        ),
    }


# --- Main --------------------------------------------------------------------------------


def add_load_arguments(parser: argparse.ArgumentParser, concurrency: list[int]) -> None:
    """The options of every load run here (bench/otree_flow.py takes them too)."""
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=concurrency,
        help="participants at once, one measured run each "
        f"(default: {' '.join(map(str, concurrency))})",
    )  # fmt: skip
    parser.add_argument(
        "--participants-per-slot", type=int, default=3,
        help="fresh participants each concurrent slot goes through in turn (default: 3)",
    )  # fmt: skip
    parser.add_argument(
        "--warmup", type=int, default=8, help="participants of the unmeasured warm-up (default: 8)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port to serve on (default: a free one)"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.participation", description=__doc__.split("\n\n")[0]
    )
    add_load_arguments(parser, [50, 16])
    parser.add_argument(
        "--autosaves", type=int, default=3, help="autosaves while typing each answer (default: 3)"
    )
    parser.add_argument(
        "--think-ms", type=float, default=None,
        help=f"pause before each request, in ms, for every run (default: "
        f"{PARTICIPANT_PAUSE_MS:.0f} at {PAUSED_CONCURRENCY}, as participants pause; 0 "
        "otherwise, as fast as the server answers)",
    )  # fmt: skip
    parser.add_argument(
        "--gunicorn-args", default=DEFAULT_GUNICORN_ARGS,
        help=f'gunicorn options, as --gunicorn-args="..." (default: "{DEFAULT_GUNICORN_ARGS}")',
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a budget is missed"
    )
    return parser.parse_args(argv)


def think_ms(args: argparse.Namespace, concurrency: int) -> float:
    if args.think_ms is not None:
        return args.think_ms
    return PARTICIPANT_PAUSE_MS if concurrency == PAUSED_CONCURRENCY else 0.0


def measure(args: argparse.Namespace, env: dict[str, str], log_path: Path) -> dict:
    """Sets up the data, serves it with gunicorn, and makes the warm-up and the runs."""
    counts = {"warmup": args.warmup} | {
        str(c): c * args.participants_per_slot for c in args.concurrency
    }
    started = time.perf_counter()
    django_setup(env)
    participants = create_participants(counts)
    log(f"{sum(counts.values())} participants ready in {time.perf_counter() - started:.1f} s")
    pool = answer_pool()
    port = args.port or free_port()
    with (
        log_path.open("w") as log_file,
        gunicorn(env, args.gunicorn_args, port, log_file, log_path) as server,
    ):
        cpu = CpuMeter(server.pid)

        def run(name: str, concurrency: int, think_ms: float) -> dict:
            tokens = participants.tokens[name]
            outcome = drive(
                tokens, concurrency, port, pool=pool, autosaves=args.autosaves,
                think_seconds=think_ms / 1000, cpu=cpu,
            )  # fmt: skip
            answers = check_answers(outcome.sent, tokens, participants.session_of)
            figures = summarise(outcome, concurrency, len(tokens), think_ms, answers)
            other = figures["cpu_seconds"].get("other", 0.0)
            if other > 0.1 * outcome.seconds:
                log(
                    f"warning: other processes took {other} CPU seconds during this run "
                    "(see cpu_seconds.other): the figures understate this machine"
                )
            log(
                f"{name} at {concurrency}: {figures['requests']} requests in "
                f"{figures['seconds']} s, {figures['requests_per_second']} req/s, "
                f"{figures['errors']} errors, {figures['lost_answers']} lost answers"
            )
            return figures

        # Unmeasured: every worker imports, compiles templates and opens its connection.
        warmup = run("warmup", min(8, args.warmup), 0.0) if args.warmup else None
        runs = {
            str(concurrency): run(str(concurrency), concurrency, think_ms(args, concurrency))
            for concurrency in args.concurrency
        }
    checks = budget_checks(runs, warmup or {"errors": 0, "lost_answers": 0})
    return {
        "benchmark": "participation",
        "server": {
            "gunicorn": args.gunicorn_args,
            "database": "PostgreSQL on loopback",
            "cpus": os.cpu_count(),
            "debug": False,
        },
        "flow": {
            "pages": participants.pages,
            "answers": participants.questions,
            "autosaves_per_answer": args.autosaves,
            # the link entered, welcome, start, each page's view and post, finish, its
            # post, and thanks
            "requests_per_participant": (
                6 + 2 * participants.pages + participants.questions * args.autosaves
            ),
        },
        "runs": runs,
        "warmup": warmup,
        "budget": BUDGET,
        "budget_checks": checks,
        "within_budget": all(checks.values()),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # `kill` (SIGTERM) then stops gunicorn and drops the database as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    args.concurrency = list(dict.fromkeys(args.concurrency))  # one run per level
    database_url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    log(f"database {database_name(database_url)}")
    env = server_environment(database_url)
    descriptor, name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
    os.close(descriptor)
    log_path = Path(name)
    database_create(database_url)
    try:
        result = measure(args, env, log_path)
    except BaseException:
        log(f"failed; gunicorn's log is kept in {log_path}")
        raise
    else:
        log_path.unlink()
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        database_drop(database_url)
    print(json.dumps(result, indent=2))
    return 1 if args.check and not result["within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
