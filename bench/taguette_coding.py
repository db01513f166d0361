"""Taguette 1.5.2 doing what bench/coding.py times: highlights created and a document's
highlights listed, through its own HTTP JSON API, on the same machine in the same sitting.

The issue's budget is relative ("at least twice Taguette's rate for both, with p95 no
worse"), and this machine's speed drifts between days, so Taguette is measured right
after our side by bench/coding.py (or alone with this module). It prints one JSON
object to stdout (progress goes to stderr); bench/README.md explains the figures.

    .venv/bin/python -m bench.taguette_coding --repeat 10
    .venv/bin/python -m bench.taguette_coding --help

Taguette goes into a virtualenv of its own (.venv-taguette, made or brought up to date
from bench/taguette-constraints.txt), starts in its single-user mode on loopback with
its check for news on taguette.org turned into a no-op (the benchmark never reaches the
network), on a PostgreSQL database of its own (BENCH_TAGUETTE_DATABASE_URL, default
`bench_taguette`; `--sqlite` for a file in a temporary folder), dropped at the end.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from bench.coding import TURNS, WORDS, concurrently, p50_p95, timed
from bench.participation import (
    HOST,
    PROJECT_DIR,
    STARTUP_TIMEOUT,
    _die_with_parent,
    _log_tail,
    database_create,
    database_drop,
    free_port,
    log,
)
from bench.reading import study_slug

VERSION = "1.5.2"
VENV = PROJECT_DIR / ".venv-taguette"
CONSTRAINTS = Path(__file__).resolve().parent / "taguette-constraints.txt"
REQUIREMENTS = (f"taguette=={VERSION}", "psycopg2-binary")
STAMP = VENV / ".bench-requirements"
DATABASE_URL_VARIABLE = "BENCH_TAGUETTE_DATABASE_URL"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_taguette"
CODING_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_coding"
HIGHLIGHTS = 2000
CLIENTS = 8
WARMUP = 3
SEED = 14  # bench/coding.py's, for segments spread the same way

# Run with the Taguette venv's Python: Taguette's own entry point, after replacing
# Application.check_messages, which fetches https://msg.taguette.org/<version> at
# start-up and every 24 hours. The replacement fetches nothing and marks the (empty)
# messages as ready, so that /messages.js, which waits for them, still answers.
LAUNCHER = """\
import sys
import taguette.web.base
from taguette.main import main


def no_messages(self):
    self.messages_event.set()


taguette.web.base.Application.check_messages = no_messages
sys.argv[0] = "taguette"
main()
"""
JOIN_LINK = re.compile(r"\?token=([0-9a-f]+)")
PROJECT_PATH = re.compile(r"/project/(\d+)$")
TAG = re.compile(r"<[^>]+>")


# --- Taguette's virtualenv, server and data ----------------------------------------------


def ensure_virtualenv() -> None:
    """.venv-taguette with Taguette at the pinned versions, made or brought up to date
    when bench/taguette-constraints.txt or REQUIREMENTS changed since the last install."""
    wanted = CONSTRAINTS.read_text() + "\n".join(REQUIREMENTS) + "\n"
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (VENV / "bin" / "python").exists():
        log(f"creating {VENV.name}")
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)  # noqa: S603,S607
    log(f"installing taguette=={VERSION} into {VENV.name}")
    subprocess.run(  # noqa: S603 - our own command line
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "-c", str(CONSTRAINTS), *REQUIREMENTS],
        check=True, stdout=sys.stderr,
    )  # fmt: skip
    STAMP.write_text(wanted)


def document_html(text: str) -> str:
    """The transcript as the HTML file uploaded: one paragraph per turn, the blank line
    between turns left between the paragraphs. Taguette keeps that whitespace, so the
    text of its HTML copy, which its offsets count, is exactly the transcript's text."""
    paragraphs = (f"<p>{html.escape(turn, quote=False)}</p>" for turn in text.split("\n\n"))
    return "\n\n".join(paragraphs)


def byte_offsets(text: str) -> list[int]:
    """The UTF-8 byte offset of each code point offset (Taguette counts bytes)."""
    return list(itertools.accumulate((len(ch.encode()) for ch in text), initial=0))


def snippet(text: str, start: int, end: int) -> str:
    """The stored copy of a highlighted passage, as Taguette's extract() makes it (the
    same characters, checked against it): the passage's HTML, each turn it touches a
    paragraph."""
    return document_html(text[start:end])


def spread(text: str, count: int) -> list[tuple[int, int]]:
    """`count` distinct ranges of 20-400 code points, as bench/coding.py codes its
    transcript."""
    rng, seen = random.Random(SEED), set()
    while len(seen) < count:
        start = rng.randrange(len(text) - 400)
        seen.add((start, start + rng.randint(20, 400)))
    return sorted(seen)


@dataclass
class Database:
    """Where Taguette keeps its data: the URL it is given and how to load rows into it."""

    kind: str  # "postgresql" or "sqlite"
    url: str  # for bench_taguette's own connections
    taguette_url: str  # for SQLAlchemy
    folder: Path | None = None

    def connect(self):
        if self.kind == "sqlite":
            return sqlite3.connect(self.url)
        import psycopg

        return psycopg.connect(self.url)

    def sql(self, statement: str) -> str:
        """A statement written with psycopg's placeholders, in this driver's."""
        return statement.replace("%s", "?") if self.kind == "sqlite" else statement

    def query(self, connection, statement: str, parameters=()) -> list:
        return connection.execute(self.sql(statement), parameters).fetchall()


@contextmanager
def database(sqlite: bool) -> Iterator[Database]:
    """A new, empty database for one run, removed at the end however the run ends."""
    if sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-taguette-") as folder:
            path = Path(folder) / "taguette.sqlite3"
            yield Database("sqlite", str(path), f"sqlite:///{path}", Path(folder))
        return
    url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    if not urllib.parse.urlsplit(url).path.lstrip("/").startswith("bench"):
        # The database is dropped at the end: never one that could hold real data.
        raise SystemExit(f"{DATABASE_URL_VARIABLE} must name a database starting with 'bench'.")
    database_create(url)
    try:
        yield Database("postgresql", url, "postgresql" + url[url.index(":") :])
    finally:
        database_drop(url)


@contextmanager
def server(db: Database, port: int, log_path: Path) -> Iterator[str]:
    """Taguette serving on loopback until the block ends, however it ends; yields the
    single-user join link (with its token) that Taguette prints when it is up."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    env["TORNADO_SHUTDOWN_TIME"] = "0"  # stop at once on SIGTERM (Taguette waits 1 s)
    command = [
        str(VENV / "bin" / "python"), "-c", LAUNCHER, "--no-browser", "--bind", HOST,
        "--port", str(port), "--database", db.taguette_url,
    ]  # fmt: skip
    log(f"starting taguette {VERSION} on {HOST}:{port} ({db.kind})")
    with log_path.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=db.folder or tempfile.gettempdir(), env=env, stdout=log_file,
            stderr=subprocess.STDOUT, preexec_fn=_die_with_parent, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not (found := JOIN_LINK.search(log_path.read_text(errors="replace"))):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Taguette did not come up:\n{_log_tail(log_path)}")
            time.sleep(0.2)
        yield f"http://{HOST}:{port}/?token={found.group(1)}"
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Client:
    """Taguette's page as a browser: the `user` cookie set by the join link, the `_xsrf`
    cookie its forms set, sent back as the `_xsrf` argument on every POST (as its
    postJSON() does). One cookie header shared by every thread, like bench/coding.py's
    token, and no redirects followed unless asked."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.xsrf = ""
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> urllib.request.Request:  # fmt: skip
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            path += ("&" if "?" in path else "?") + f"_xsrf={urllib.parse.quote(self.xsrf)}"
        return urllib.request.Request(self.base + path, data=body, headers=headers, method=method)  # noqa: S310

    def send(self, method: str, path: str, body: bytes | None = None,
             content_type: str | None = None) -> tuple[int, dict, bytes]:  # fmt: skip
        """Status, headers and body, keeping the cookies the answer sets."""
        try:
            response = self.opener.open(self.request(method, path, body, content_type), timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            answer = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]  # as set: quoted or not
            return response.status, dict(response.headers), answer

    def sign_in(self, join_link: str) -> None:
        status, _, _ = self.send("GET", join_link.removeprefix(self.base))
        if status != 302 or "user" not in self.cookies:
            raise RuntimeError(f"Taguette's join link: {status}, no user cookie")
        self.send("GET", "/project/new")  # the form sets the _xsrf cookie
        self.xsrf = self.cookies.get("_xsrf", "").strip('"')
        if not self.xsrf:
            raise RuntimeError("Taguette's new project form set no _xsrf cookie")

    def tag_add(self, project: int, path: str) -> int:
        status, _, answer = self.send(
            "POST", f"/api/project/{project}/tag/new",
            json.dumps({"path": path, "description": ""}).encode(), "application/json",
        )  # fmt: skip
        if status != 200:
            raise RuntimeError(f"Taguette's new tag: {status} {answer[:200]!r}")
        return json.loads(answer)["id"]

    def project_create(self, name: str) -> int:
        form = urllib.parse.urlencode({"name": name, "description": "bench-coding"}).encode()
        status, headers, _ = self.send(
            "POST", "/project/new", form, "application/x-www-form-urlencoded"
        )
        found = PROJECT_PATH.search(headers.get("Location", ""))
        if status != 303 or not found:
            raise RuntimeError(f"Taguette's new project: {status} {headers.get('Location')}")
        return int(found.group(1))

    def document_add(self, project: int, name: str, contents: str) -> int:
        """The transcript uploaded as an .html file, as its "Add a document" form does."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in (("name", name), ("description", ""))
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="interview.html"\r\nContent-Type: text/html\r\n\r\n{contents}\r\n'
            f"--{boundary}--\r\n"
        )
        status, _, answer = self.send(
            "POST", f"/api/project/{project}/document/new", "".join(parts).encode(),
            f"multipart/form-data; boundary={boundary}",
        )  # fmt: skip
        if status != 200:
            raise RuntimeError(f"Taguette's new document: {status} {answer[:200]!r}")
        return json.loads(answer)["created"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def load_highlights(db: Database, document: int, tags: list[int], text: str) -> int:
    """HIGHLIGHTS highlights on the document, each of one of `tags` in turn, written
    straight into Taguette's tables (through its API that would take as long as the
    benchmark): UTF-8 byte offsets into the text, the passage's HTML as the snippet.
    Returns how many."""
    to_bytes = byte_offsets(text)
    rows = [
        (document, to_bytes[start], to_bytes[end], snippet(text, start, end))
        for start, end in spread(text, HIGHLIGHTS)
    ]
    with db.connect() as connection:
        connection.cursor().executemany(
            db.sql(
                "INSERT INTO highlights (document_id, start_offset, end_offset, snippet) "
                "VALUES (%s, %s, %s, %s)"
            ),
            rows,
        )
        ids = db.query(
            connection, "SELECT id FROM highlights WHERE document_id = %s ORDER BY id", [document]
        )
        connection.cursor().executemany(
            db.sql("INSERT INTO highlight_tags (highlight_id, tag_id) VALUES (%s, %s)"),
            [(id_, tags[index % len(tags)]) for index, (id_,) in enumerate(ids)],
        )
        connection.execute("ANALYZE")
        (count,) = db.query(
            connection,
            "SELECT count(*) FROM highlights h JOIN highlight_tags t ON t.highlight_id = h.id "
            "WHERE h.document_id = %s",
            [document],
        )[0]
    return count


def benchmark_text() -> tuple[str, str]:
    """The transcript bench/coding.py codes, from its database (BENCH_DATABASE_URL or
    `bench_coding`), and where it came from."""
    import psycopg

    url = os.environ.get("BENCH_DATABASE_URL", CODING_DATABASE_URL)
    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT t.text FROM interviews_transcript t JOIN studies_study s "
                "ON s.id = t.study_id WHERE s.slug = %s ORDER BY t.id LIMIT 1",
                [study_slug(WORDS, TURNS)],
            ).fetchone()
    except psycopg.Error:
        row = None
    if row is None:
        raise SystemExit(
            f"No benchmark transcript in {url}: `make bench-coding` makes it (and runs this)."
        )
    return row[0], "bench_coding's first transcript"


# --- Measuring ---------------------------------------------------------------------------


def run(text: str, repeat: int, sqlite: bool = False, tags: int = 1) -> dict:
    """Taguette set up with `text` as two documents (the first with HIGHLIGHTS highlights,
    spread over `tags` tags), then timed: the first document's highlights listed, and
    highlights created on the second, one at a time and from CLIENTS clients at once."""
    ensure_virtualenv()
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="bench-taguette-", suffix=".log")[1])
    try:
        results = measure(text, repeat, sqlite, tags, port, log_path)
    except BaseException:
        log(f"Taguette's log is kept: {log_path}")
        raise
    log_path.unlink()
    return results


def measure(text: str, repeat: int, sqlite: bool, tags: int, port: int, log_path: Path) -> dict:
    started = time.perf_counter()
    with database(sqlite) as db, server(db, port, log_path) as join_link:
        client = Client(f"http://{HOST}:{port}")
        client.sign_in(join_link)
        project = client.project_create("Coding benchmark")
        contents = document_html(text)
        listed_document = client.document_add(project, "Interview", contents)
        # Creates go to a copy, as bench/coding.py's go to another transcript, so the
        # listed document keeps exactly HIGHLIGHTS highlights.
        created_document = client.document_add(project, "Interview (copy)", contents)
        stored = client.send("GET", f"/api/project/{project}/document/{listed_document}/contents")
        kept = json.loads(stored[2])["contents"][0]["contents"]
        if html.unescape(TAG.sub("", kept)) != text:
            raise RuntimeError("Taguette's copy of the document does not read as the transcript")
        with db.connect() as connection:
            # The tag every new project gets ("interesting"), and as many more as asked.
            ((tag,),) = db.query(connection, "SELECT id FROM tags WHERE project_id = %s", [project])
        extra = [client.tag_add(project, f"code {index:03d}") for index in range(1, tags)]
        loaded = load_highlights(db, listed_document, [tag, *extra], text)
        log(f"taguette set up in {time.perf_counter() - started:.1f} s")

        list_path = f"/api/project/{project}/document/{listed_document}"
        create_path = f"/api/project/{project}/document/{created_document}/highlight/new"
        to_bytes = byte_offsets(text)
        counter = itertools.count()

        def listing() -> float:
            ms, status, answer = timed(client.opener, client.request("GET", list_path))
            if status != 200:
                raise RuntimeError(f"list: {status} {answer[:200]!r}")
            return ms

        def create() -> float:
            # bench/coding.py's ranges, in bytes.
            n = next(counter)
            start = (n * 7) % (len(text) - 50)
            end = start + 11 + n // len(text)
            payload = {"start_offset": to_bytes[start], "end_offset": to_bytes[end],
                       "tags": [tag]}  # fmt: skip
            request = client.request(
                "POST", create_path, json.dumps(payload).encode(), "application/json"
            )
            ms, status, answer = timed(client.opener, request)
            if status != 200 or "id" not in json.loads(answer):
                raise RuntimeError(f"create: {status} {answer[:200]!r}")
            return ms

        def series(function) -> list[float]:
            for _ in range(WARMUP):
                function()
            return [function() for _ in range(repeat)]

        first = json.loads(timed(client.opener, client.request("GET", list_path))[2])
        if len(first["highlights"]) != loaded:
            raise RuntimeError(f"listed {len(first['highlights'])} of {loaded} highlights")
        log(f"taguette: {repeat} lists, {repeat} creates, then {CLIENTS} clients of each")
        listed = series(listing)
        created = series(create)
        create_rate, created_8 = concurrently(create, CLIENTS, repeat)
        list_rate, listed_8 = concurrently(listing, CLIENTS, repeat)
    return {
        "benchmark": "taguette_coding",
        "taguette": VERSION,
        "database": db.kind,
        "server": "taguette --no-browser (single-user mode: one Tornado process)",
        "document": {
            "characters": len(text),
            "utf8_bytes": to_bytes[-1],
            "turns": text.count("\n\n") + 1,
            "html_bytes": len(contents.encode()),
            "highlights": loaded,
            "tags": tags,
        },
        "repeat": repeat,
        "create": p50_p95(created),
        "create_8_clients_per_second": round(create_rate, 1),
        "create_8_clients": p50_p95(created_8),
        "list_2000": p50_p95(listed),
        "list_8_clients_per_second": round(list_rate, 1),
        "list_8_clients": p50_p95(listed_8),
    }


def add_tags_argument(parser: argparse.ArgumentParser, flag: str) -> None:
    """The option, here and in bench/coding.py, that spreads the listed highlights over
    more tags than the issue's one: Taguette's list costs more the larger a tag is."""
    parser.add_argument(
        flag, type=int, default=1, dest="tags",
        help=f"tags Taguette's {HIGHLIGHTS:,} listed highlights are spread over (default: 1)",
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.taguette_coding", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=30,
        help="timed requests of each kind, and per client at 8 at once (default: 30)",
    )  # fmt: skip
    parser.add_argument(
        "--sqlite", action="store_true",
        help="Taguette on an SQLite file (its desktop default) instead of PostgreSQL",
    )  # fmt: skip
    add_tags_argument(parser, "--tags")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    text, source = benchmark_text()
    results = run(text, args.repeat, args.sqlite, args.tags)
    results["document"]["text"] = source
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
