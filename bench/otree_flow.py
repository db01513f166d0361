"""The participation benchmark's flow, served by oTree 6 instead of this project.

The throughput budget of bench/participation.py is relative to oTree, and this machine's
speed drifts between days, so oTree is measured here on the same machine and in the same
sitting. The oTree project in bench/otree_project shows the demo study's five vignettes
(two free-text questions each), a closing question and a thanks page; `otree prodserver`
serves it on PostgreSQL over loopback, as oTree recommends for production, and the same
simulated participants as bench/participation.py's go through it. It prints one JSON
object to stdout, with the same figures (progress goes to stderr); bench/README.md
explains them.

    make bench-otree
    .venv/bin/python -m bench.otree_flow --help

It installs oTree into its own virtualenv (.venv-otree, when missing or out of date),
creates its own database (BENCH_OTREE_DATABASE_URL, default `bench_otree` on the local
PostgreSQL), and drops it at the end, even on failure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from bench.participation import (
    HOST,
    PROJECT_DIR,
    STARTUP_TIMEOUT,
    Browser,
    CpuMeter,
    FlowError,
    RunOutcome,
    Sent,
    _die_with_parent,
    _log_tail,
    add_load_arguments,
    answer_for,
    answer_pool,
    database_create,
    database_drop,
    drive,
    free_port,
    log,
    summarise,
)

DATABASE_URL_VARIABLE = "BENCH_OTREE_DATABASE_URL"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_otree"
OTREE_PROJECT = Path(__file__).resolve().parent / "otree_project"
VENV = PROJECT_DIR / ".venv-otree"
# oTree and what it pins, and the PostgreSQL driver its projects list in their
# requirements.txt (psycopg2; the binary wheel is the same driver, without a compiler).
REQUIREMENTS = (
    "otree==6.0.15",
    "psycopg2-binary==2.9.13",
    "aiofiles==0.6.0",
    "click==7.1.2",
    "h11==0.16.0",
    "itsdangerous==1.1.0",
    "MarkupSafe==1.1.1",
    "python-multipart==0.0.5",
    "six==1.17.0",
    "SQLAlchemy==1.3.22",
    "starlette==0.14.1",
    "uvicorn==0.13.4",
    "websockets==10.1",
    "WTForms==2.3.3",
    "WTForms-SQLAlchemy==0.2",
)
STAMP = VENV / ".bench-requirements"
SESSION_CONFIG = "vignettes"
APP = "vignettes"
# The app's pages in order (bench/otree_project/vignettes/__init__.py), and each form
# page's fields: the flow fails if oTree shows anything else.
PAGES = ("Vignette1", "Vignette2", "Vignette3", "Vignette4", "Vignette5", "Closing", "Thanks")
TEXTAREA_NAME = re.compile(r'<textarea\b[^>]*\bname="([a-z0-9_]+)"')
FIELD = re.compile(r"v[1-5]_q[12]|closing")
ANSWERS = 5 * 2 + 1


# --- oTree's virtualenv, study and server ------------------------------------------------


def ensure_virtualenv() -> None:
    """.venv-otree with exactly REQUIREMENTS, made or brought up to date when the list
    changed since the last install (like the Makefile's stamp for .venv)."""
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (VENV / "bin" / "python").exists():
        log(f"creating {VENV.name}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)  # noqa: S603
    log(f"installing {', '.join(REQUIREMENTS[:2])} into {VENV.name}")
    subprocess.run(  # noqa: S603 - our own command line
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
        check=True, stdout=sys.stderr,
    )  # fmt: skip
    STAMP.write_text(wanted)


def write_study(path: Path) -> None:
    """The demo study's vignettes and questions, as bench/participation.py's study has
    them, for the oTree app to read when it starts."""
    from interviews.demo_texts import demo_questions, demo_vignettes

    follow_ups, closing = demo_questions()
    study = {
        "vignettes": [{"title": spec.title, "text": spec.text} for spec in demo_vignettes()],
        "follow_ups": follow_ups,
        "closing": closing,
    }
    if len(study["vignettes"]) != 5 or len(study["follow_ups"]) != 2:
        raise SystemExit("The oTree app has 5 vignette pages with 2 questions each.")
    path.write_text(json.dumps(study, ensure_ascii=False), encoding="utf-8")


def server_environment(database_url: str, study_path: Path) -> dict[str, str]:
    """oTree in production mode as its docs set a server up: OTREE_PRODUCTION, the admin
    behind a password (OTREE_AUTH_LEVEL=STUDY), a REST key to create the session, and
    the virtualenv first on PATH (prodserver starts `otree timeoutsubprocess` by name)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        PATH=f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(VENV),
        DATABASE_URL=database_url,
        OTREE_PRODUCTION="1",
        OTREE_AUTH_LEVEL="STUDY",
        OTREE_ADMIN_PASSWORD=secrets.token_urlsafe(16),
        OTREE_REST_KEY=secrets.token_urlsafe(16),
        SECRET_KEY=secrets.token_urlsafe(50),
        BENCH_OTREE_STUDY=str(study_path),
    )
    return env


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        return response.status < 500
    except OSError:
        return False
    finally:
        connection.close()


@contextmanager
def prodserver(
    env: dict[str, str], port: int, log_file: IO[str], log_path: Path
) -> Iterator[subprocess.Popen]:
    """`otree prodserver` serving the project until the block ends, however it ends. It
    runs in a process group of its own: prodserver starts `otree timeoutsubprocess` and
    leaves it running when it stops, so the whole group is stopped. oTree opens
    (creates) an SQLite file in its folder whatever the database: one it made is removed."""
    sqlite_file = OTREE_PROJECT / "db.sqlite3"
    sqlite_existed = sqlite_file.exists()
    command = [str(VENV / "bin" / "otree"), "prodserver", f"{HOST}:{port}"]
    log(f"starting otree prodserver {HOST}:{port}")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=OTREE_PROJECT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"oTree did not come up:\n{_log_tail(log_path)}")
            time.sleep(0.2)
        yield process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        # timeoutsubprocess outlives prodserver: whatever is left of the group goes now.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        if not sqlite_existed:
            sqlite_file.unlink(missing_ok=True)


def rest(port: int, key: str, path: str, payload: dict) -> dict:
    """A call to oTree's REST API (POST, JSON both ways)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(
            "POST", path, body=json.dumps(payload).encode(),
            headers={"otree-rest-key": key, "Content-Type": "application/json"},
        )  # fmt: skip
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"oTree's REST API: POST {path}: {response.status} {body[:500]}")
    return json.loads(body)


def create_participants(port: int, key: str, counts: dict[str, int]) -> dict[str, list[str]]:
    """One oTree session with every run's participants, through the REST API as a
    study's server would get it; each run takes its own participants' codes."""
    total = sum(counts.values())
    session = rest(
        port, key, "/api/sessions",
        {"session_config_name": SESSION_CONFIG, "num_participants": total},
    )  # fmt: skip
    info = rest(port, key, f"/api/get_session/{session['code']}", {})
    ordered = sorted(info["participants"], key=lambda participant: participant["id_in_session"])
    codes = [participant["code"] for participant in ordered]
    if len(codes) != total:
        raise RuntimeError(f"oTree made {len(codes)} participants, not {total}")
    runs: dict[str, list[str]] = {}
    for run, count in counts.items():
        runs[run], codes = codes[:count], codes[count:]
    return runs


# --- The flow ----------------------------------------------------------------------------


def page_path(code: str, index: int) -> str:
    return f"/p/{code}/{APP}/{PAGES[index - 1]}/{index}"


def participate(browser: Browser, code: str, pool: list[str], autosaves: int, sent: Sent) -> None:
    """One participant from their link to the thanks page, as a browser goes: open the
    start link (oTree redirects to the first page), then on each page GET it, post its
    form with an answer in each textarea, and follow the redirect to the next page.
    oTree's pages have no autosave (`autosaves` is not used) and no CSRF token. Raises
    FlowError at the first request that fails or leads somewhere unexpected."""
    reply = browser.request("start", "GET", f"/InitializeParticipant/{code}", expect=307)
    browser.expect_redirect("start", reply, page_path(code, 1))
    location = reply.location
    for number in range(1, len(PAGES)):
        page = browser.request("page", "GET", location)
        names = TEXTAREA_NAME.findall(page.text)
        if not names or not all(FIELD.fullmatch(name) for name in names):
            browser.recorder.fail("page", "unexpected fields")
            raise FlowError(f"{location}: fields {names!r}")
        answers = {name: answer_for(pool, code, number, name) for name in names}
        sent.update({(code, number, name): text for name, text in answers.items()})
        reply = browser.request("page_post", "POST", location, fields=answers, expect=302)
        browser.expect_redirect("page_post", reply, page_path(code, number + 1))
        location = reply.location
    browser.request("thanks", "GET", location)


def check_answers(database_url: str, sent: Sent, codes: list[str]) -> dict[str, int]:
    """Compares the last text sent for each answer with what oTree's database holds,
    exactly (oTree stores what the form posted, CRLF and all), and counts the
    participants who reached the thanks page."""
    import psycopg
    from psycopg import sql

    fields = sorted({name for (_, _, name) in sent})
    if not all(FIELD.fullmatch(name) for name in fields):
        raise RuntimeError(f"unexpected fields {fields!r}")
    query = sql.SQL(
        "SELECT p.code, p._index_in_pages, p._max_page_index{columns} "
        "FROM otree_participant p LEFT JOIN {table} player ON player.participant_id = p.id "
        "WHERE p.code = ANY(%s)"
    ).format(
        columns=sql.SQL("").join(
            sql.SQL(", player.{}").format(sql.Identifier(name)) for name in fields
        ),
        table=sql.Identifier(f"{APP}_player"),
    )
    # libpq takes the URL as it is (postgres:// included).
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(query, (codes,)).fetchall()
    held = {row[0]: dict(zip(fields, row[3:], strict=True)) for row in rows}
    stored = lost = 0
    for (code, _number, name), text in sent.items():
        value = held.get(code, {}).get(name)
        stored += value is not None
        lost += value != text
    return {
        "answers_sent": len(sent),
        "answers_stored": stored,
        "lost_answers": lost,
        "participants_finished": sum(1 for row in rows if row[1] == row[2] == len(PAGES)),
    }


# --- Figures and main --------------------------------------------------------------------


def figures(
    outcome: RunOutcome, concurrency: int, participants: int, think_ms: float, answers: dict
) -> dict:
    """bench/participation.py's figures of one run, less those of its autosaves and of
    request kinds oTree's flow has not (welcome, finish): those are always empty here."""
    result = summarise(outcome, concurrency, participants, think_ms, answers)
    for name in ("autosave_p50_ms", "autosave_p95_ms", "autosave_p99_ms"):
        del result[name]
    result["by_kind"] = {kind: row for kind, row in result["by_kind"].items() if row["count"]}
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.otree_flow", description=__doc__.split("\n\n")[0]
    )
    add_load_arguments(parser, [16])
    parser.add_argument(
        "--think-ms", type=float, default=0.0,
        help="pause before each request, in ms, for every run (default: 0, as fast as the "
        "server answers)",
    )  # fmt: skip
    return parser.parse_args(argv)


def measure(args: argparse.Namespace, database_url: str, env: dict[str, str], log_path: Path):
    """Serves the oTree project, creates its participants and makes the warm-up and the
    runs."""
    counts = {"warmup": args.warmup} | {
        str(c): c * args.participants_per_slot for c in args.concurrency
    }
    pool = answer_pool()
    port = args.port or free_port()
    with log_path.open("w") as log_file, prodserver(env, port, log_file, log_path) as server:
        started = time.perf_counter()
        codes = create_participants(port, env["OTREE_REST_KEY"], counts)
        log(f"{sum(counts.values())} participants ready in {time.perf_counter() - started:.1f} s")
        cpu = CpuMeter(server.pid, server="server")

        def run(name: str, concurrency: int) -> dict:
            outcome = drive(
                codes[name], concurrency, port, pool=pool, autosaves=0,
                think_seconds=args.think_ms / 1000, cpu=cpu, flow=participate,
            )  # fmt: skip
            answers = check_answers(database_url, outcome.sent, codes[name])
            result = figures(outcome, concurrency, len(codes[name]), args.think_ms, answers)
            other = result["cpu_seconds"].get("other", 0.0)
            if other > 0.1 * outcome.seconds:
                log(
                    f"warning: other processes took {other} CPU seconds during this run "
                    "(see cpu_seconds.other): the figures understate this machine"
                )
            log(
                f"{name} at {concurrency}: {result['requests']} requests in "
                f"{result['seconds']} s, {result['requests_per_second']} req/s, "
                f"{result['errors']} errors, {result['lost_answers']} lost answers"
            )
            return result

        # Unmeasured: oTree loads its templates and the session's page lookup.
        warmup = run("warmup", min(8, args.warmup)) if args.warmup else None
        runs = {str(c): run(str(c), c) for c in args.concurrency}
    return {
        "benchmark": "otree",
        "server": {
            "otree": REQUIREMENTS[0].split("==")[1],
            "command": f"otree prodserver {HOST}:{port}",
            "processes": (
                "one uvicorn process (workers=1), each request under oTree's global lock, "
                "one database connection; and `otree timeoutsubprocess`, which polls the "
                "database every 3 s"
            ),
            "database": "PostgreSQL on loopback",
            "cpus": os.cpu_count(),
            "production": True,
        },
        "flow": {
            "pages": len(PAGES) - 1,
            "answers": ANSWERS,
            # the start link, each page's view and post, and the thanks page
            "requests_per_participant": 2 + 2 * (len(PAGES) - 1),
        },
        "runs": runs,
        "warmup": warmup,
        # The budget for bench/participation.py, from this sitting's oTree.
        "participation_budget": {
            "requests_per_second_at_16": (
                round(2 * runs["16"]["requests_per_second"], 1) if "16" in runs else None
            ),
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # `kill` (SIGTERM) then stops oTree and drops the database as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    args.concurrency = list(dict.fromkeys(args.concurrency))  # one run per level
    database_url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    if not name.startswith("bench"):
        # This benchmark drops its database: never one that could hold real data.
        raise SystemExit(f"{DATABASE_URL_VARIABLE} must name a database starting with 'bench'.")
    log(f"database {name}")
    ensure_virtualenv()
    with tempfile.TemporaryDirectory(prefix="bench-otree-") as folder:
        study_path = Path(folder) / "study.json"
        write_study(study_path)
        env = server_environment(database_url, study_path)
        descriptor, log_name = tempfile.mkstemp(prefix="bench-otree-", suffix=".log")
        os.close(descriptor)
        log_path = Path(log_name)
        database_create(database_url)
        try:
            result = measure(args, database_url, env, log_path)
        except BaseException:
            log(f"failed; oTree's log is kept in {log_path}")
            raise
        else:
            log_path.unlink()
        finally:
            database_drop(database_url)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
