"""Benchmark of matrix comparisons (issue 15, speed): the bare SQL of a role-by-theme
matrix, the same matrix through the project's job (a real Celery worker on Redis) from
request to stored result, the stored result served again, and the dyad and
co-occurrence matrices, on generated PostgreSQL studies of 10,000 to 1,000,000 segments.

    make bench-matrix
    .venv/bin/python -m bench.matrix --help

The studies (bench/matrix_data.py) are kept in the database between runs while the
migrations and the generator's DATA_VERSION are the same, so a second run starts in
seconds. Figures go to stdout as one JSON object, progress to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

from bench.matrix_data import DYADS_DEFAULT, LEAD, markers, schema_fingerprint, study_slug
from bench.participation import (
    DATABASE_URL_VARIABLE,
    HOST,
    PROJECT_DIR,
    _die_with_parent,
    django_setup,
    free_port,
    gunicorn,
    log,
    percentile,
    server_environment,
    stop_process,
)
from bench.reading import database_ensure

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_matrix"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_QUEUE = "bench-matrix"
BUDGET = {"job_p95_ms": 2000, "job_to_sql_ratio": 1.5, "served_p95_ms": 50,
          "worker_peak_rss_mb": 300}  # fmt: skip
POLL_SECONDS = 0.005  # how often the stored result is looked at while a build runs
BUILD_TIMEOUT = 400  # seconds: above the task's hard time limit
PAGE_GUNICORN_ARGS = "--workers 1 --worker-class sync"
THEMES_QUERY = "Explanatory themes by role"
DYADS_QUERY = "Dyad comparison of the explanatory themes"
COOCCURRENCE_QUERY = "Categories together ({scope})"

# (a): what a person would write by hand for segments and participants coded, per
# explanatory theme (with everything below it) and role.
HAND_SQL = """
WITH RECURSIVE tree(theme_id, node_id) AS (
    SELECT id, id FROM coding_node
    WHERE study_id = %(study)s AND parent_id IS NULL AND kind = 'explanatory_theme'
    UNION ALL
    SELECT tree.theme_id, child.id FROM coding_node child
    JOIN tree ON child.parent_id = tree.node_id
)
SELECT tree.theme_id, p.role_id, COUNT(*) AS segments, COUNT(DISTINCT p.id) AS participants
FROM tree
JOIN coding_codedsegment s ON s.node_id = tree.node_id
JOIN interviews_transcript t ON t.id = s.transcript_id
JOIN studies_participant p ON p.id = t.participant_id
GROUP BY tree.theme_id, p.role_id
"""


def summary(values: list[float]) -> dict:
    return {
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "best_ms": round(min(values), 1) if values else None,
        "n": len(values),
    }


def milliseconds_since(began: float) -> float:
    return (time.perf_counter() - began) * 1000


# --- The Celery worker --------------------------------------------------------------------


@contextlib.contextmanager
def celery_worker(env: dict[str, str], queue: str, log_path: Path):
    """A real worker (solo pool: the process that counts is the one whose memory is
    read) on the benchmark's queue, until the block ends, however it ends."""
    from config.celery import app, ping

    app.control.purge()  # tasks an interrupted run left on the queue
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
        "--queues", queue, "--hostname", f"{queue}@%h", "--without-gossip",
        "--without-mingle", "--loglevel=WARNING",
    ]  # fmt: skip
    log(f"starting celery worker on queue {queue}")
    with log_path.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=PROJECT_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"the Celery worker did not come up:\n{tail}")
                try:
                    if ping.apply_async(queue=queue).get(timeout=5)["answer"] == "pong":
                        break
                except Exception:  # noqa: BLE001, S112 - not up yet: ask again
                    continue
            yield process
        finally:
            stop_process(process)


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


# --- Measuring ------------------------------------------------------------------------------


def hand_sql(study_id: int, repeat: int) -> tuple[dict, list[tuple]]:
    from django.db import connection

    times, rows = [], []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            began = time.perf_counter()
            cursor.execute(HAND_SQL, {"study": study_id})
            rows = cursor.fetchall()
            times.append(milliseconds_since(began))
    return summary(times), rows


def agrees(rows: list[tuple], counts: dict) -> bool:
    """Whether the job's cells hold the hand-written query's segments and participants."""
    cells = counts.get("cells", {})
    for theme, role, segments, participants in rows:
        cell = cells.get(str(theme), {}).get(str(role))
        if cell is None or cell[0] != segments or cell[1] != participants:
            return False
    return sum(len(columns) for columns in cells.values()) == len(rows)


class Study:
    """One generated study as the benchmark drives it: its lead, the queries, and a
    change between builds so that each one counts again."""

    def __init__(self, segments: int):
        from coding.models import Node
        from studies.models import Study as StudyModel
        from studies.models import User

        self.segments = segments
        self.study = StudyModel.objects.get(slug=study_slug(segments))
        self.lead = User.objects.get(username=LEAD)
        nodes = Node.objects.filter(study=self.study)
        self.themes = list(
            nodes.filter(parent=None).order_by("position").values_list("pk", flat=True)
        )
        self.categories = list(
            nodes.filter(parent_id__in=self.themes)
            .order_by("parent_id", "position")
            .values_list("pk", flat=True)
        )
        # A sub-code whose definition each change rewrites: a codebook change, which
        # makes every result of the study stale, as any coding would, and counts nothing.
        self.changed = nodes.filter(parent__parent__parent__isnull=False).order_by("pk").first().pk
        self.changes = 0

    def query(self, name: str, **fields):
        """The saved query of that name, made again so its definition is this run's."""
        from analysis import services
        from analysis.models import MatrixQuery

        MatrixQuery.objects.filter(study=self.study, name=name).delete()
        return services.matrix_query_create(actor=self.lead, study=self.study, name=name, **fields)

    def change(self) -> None:
        from coding import services
        from coding.models import Node

        self.changes += 1
        node = Node.objects.get(pk=self.changed)
        services.node_update(
            actor=self.lead, node=node, version=node.version,
            definition=f"Benchmark change {self.changes} at {time.time_ns()}",
        )  # fmt: skip

    def build(self, query) -> tuple[float, int | None, dict]:
        """Makes the study change, asks for the query's result and waits until the
        worker has stored it: milliseconds from the request to the stored result, the
        worker's own counting time, and the counts."""
        from analysis import services
        from analysis.models import MatrixResult, ResultStatus

        self.change()
        began = time.perf_counter()
        result = services.matrix_request(actor=self.lead, query=query)
        wanted = result.wanted
        while True:
            status, fingerprint, build_ms, error = (
                MatrixResult.objects.filter(pk=result.pk)
                .values_list("status", "fingerprint", "build_ms", "error")
                .get()
            )
            if status == ResultStatus.DONE and fingerprint == wanted:
                elapsed = milliseconds_since(began)
                break
            if status == ResultStatus.FAILED:
                raise RuntimeError(f"the build of {query.name!r} failed: {error}")
            if time.perf_counter() - began > BUILD_TIMEOUT:
                raise RuntimeError(f"the build of {query.name!r} took over {BUILD_TIMEOUT} s")
            time.sleep(POLL_SECONDS)
        counts = MatrixResult.objects.values_list("counts", flat=True).get(pk=result.pk)
        return elapsed, build_ms, counts

    def builds(self, query, repeat: int) -> dict:
        """One build not timed (the worker's first of this query), then `repeat` timed."""
        self.build(query)
        times, inside = [], []
        for _ in range(repeat):
            elapsed, build_ms, _counts = self.build(query)
            times.append(elapsed)
            inside.append(build_ms)
        return {**summary(times), "worker_count_p50_ms": percentile(inside, 50)}

    def served(self, query, repeat: int) -> dict:
        """`matrix_request` while the stored result is current: what every later
        request for the matrix costs."""
        from analysis import services
        from analysis.models import ResultStatus

        times = []
        for index in range(repeat + 3):
            began = time.perf_counter()
            result = services.matrix_request(actor=self.lead, query=query)
            elapsed = milliseconds_since(began)
            if result.status != ResultStatus.DONE or result.fingerprint != result.wanted:
                raise RuntimeError("the stored result was not served: it should be current")
            if index >= 3:
                times.append(elapsed)
        return summary(times)


def page_path(slug: str, pk: int) -> str | None:
    """The matrix page's address, if the project has the page yet."""
    from django.urls import Resolver404, resolve

    path = f"/studies/{slug}/matrices/{pk}/"
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def page_times(base: str, path: str, cookie: str, repeat: int) -> dict:
    opener = urllib.request.build_opener()
    times = []
    for index in range(repeat + 3):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
        began = time.perf_counter()
        try:
            with opener.open(request, timeout=60) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status, body = error.code, b""
        elapsed = milliseconds_since(began)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}, expected 200")
        if b"<table" not in body:  # a progress note instead of the matrix
            raise RuntimeError(f"GET {path} did not show the matrix")
        if index >= 3:
            times.append(elapsed)
    return summary(times)


def explain_slowest(query) -> None:
    """The counting of `query` in this process, each statement timed, and the EXPLAIN
    ANALYZE of the slowest, to stderr: where the job's time goes."""
    from django.db import connection

    try:  # where the project dispatches a query to its kind's counting
        from analysis.kinds import count
    except ImportError:
        from analysis.services import _count as count

    seen: list[tuple[float, str, object]] = []

    def timing(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seen.append((milliseconds_since(began), sql, params))

    with connection.execute_wrapper(timing):
        count(query)
    for ms, sql, _params in seen:
        log(f"{ms:9.1f} ms  {' '.join(sql.split())[:110]}")
    ms, sql, params = max(seen, key=lambda item: item[0])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    log(f"EXPLAIN ANALYZE of the slowest statement ({ms:.1f} ms):\n{sql}\n{plan}")


def other_builds(study: Study, name: str, args, **fields) -> dict:
    """(d): a query of another kind built as in (b). Work still being written may refuse
    the query or fail to count it: that is told in the figures, and the run goes on."""
    from django.core.exceptions import ValidationError

    try:
        query = study.query(name, **fields)
        figures = study.builds(query, args.other_repeat)
    except (RuntimeError, ValidationError) as error:
        log(f"{name}: {error}")
        return {"error": str(error)}
    if (
        args.explain
        and study.segments == args.segments
        and figures["p50_ms"] > BUDGET["job_p95_ms"]
    ):
        explain_slowest(query)  # over the matrix's budget: where its time goes
    return figures


def measure_scale(segments: int, args, worker_pid: int, page: dict | None) -> dict:
    from analysis.models import Scope

    study = Study(segments)
    log(f"{segments:,} segments: (a) hand-written SQL")
    sql, rows = hand_sql(study.study.pk, args.sql_repeat)
    rows_below = [{"node": pk, "below": True} for pk in study.themes]
    query = study.query(THEMES_QUERY, rows=rows_below, columns="role")
    log(f"{segments:,} segments: (b) the job, {args.repeat} builds")
    job = study.builds(query, args.repeat)
    _elapsed, _ms, counts = study.build(query)
    log(f"{segments:,} segments: (c) the stored result served")
    served = study.served(query, args.served_repeat)
    figures = {
        "segments": segments,
        "study": study.study.slug,
        "sql": sql,
        "job": job,
        "job_to_sql_ratio": round(job["p50_ms"] / sql["p50_ms"], 2),
        "job_agrees_with_sql": agrees(rows, counts),
        "served": served,
        "page": None,
        "dyads": None,
        "cooccurrence": None,
    }
    if page is not None:
        path = page_path(study.study.slug, query.pk)
        figures["page"] = page_times(page["base"], path, page["cookie"], args.served_repeat)
    if importlib.util.find_spec("analysis.dyads") is not None:
        log(f"{segments:,} segments: (d) the dyad comparison")
        figures["dyads"] = other_builds(study, DYADS_QUERY, args, kind="dyads", rows=rows_below)
    if importlib.util.find_spec("analysis.cooccurrence") is not None:
        figures["cooccurrence"] = {}
        rows_categories = [{"node": pk, "below": True} for pk in study.categories]
        for scope in Scope.values:
            log(f"{segments:,} segments: (d) co-occurrence, {scope}")
            figures["cooccurrence"][scope] = other_builds(
                study, COOCCURRENCE_QUERY.format(scope=scope), args, kind="cooccurrence",
                scope=scope, rows=rows_categories,
            )  # fmt: skip
    figures["worker_peak_rss_mb"] = peak_rss_mb(worker_pid)
    if args.explain and segments == args.segments:
        explain_slowest(query)
    return figures


def budget_checks(main: dict, peak: float | None) -> dict:
    page = main["page"]
    return {
        "job_p95": main["job"]["p95_ms"] < BUDGET["job_p95_ms"],
        "job_to_sql_ratio": main["job_to_sql_ratio"] <= BUDGET["job_to_sql_ratio"],
        "served_p95": main["served"]["p95_ms"] < BUDGET["served_p95_ms"],
        "page_p95": None if page is None else page["p95_ms"] < BUDGET["served_p95_ms"],
        "worker_memory": None if peak is None else peak < BUDGET["worker_peak_rss_mb"],
    }


def scale_url(base: str, segments: int) -> str:
    """Each scale's database: the base name with the number of segments appended, so a
    small study is counted in a table of its own size, not beside a million others."""
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{segments}"))


def ensure_study(url: str, env: dict, segments: int, args) -> str:
    """The scale's study: kept when made under the same fingerprint, else its database
    is made again. Returns "reused" or "made"."""
    from django.db import connection

    from bench import matrix_data

    marker = schema_fingerprint(connection)
    made = markers(connection)
    if args.fresh or any(value != marker for value in made.values()):
        connection.close()
        database_ensure(url, True)
        django_setup(env)
        made = markers(connection)
    slug = study_slug(segments)
    if slug in made:
        return "reused"
    log(f"generating {slug}: {args.dyads * 2:,} transcripts, 300 nodes, {segments:,} segments")
    began = time.perf_counter()
    matrix_data.generate(segments, args.dyads, marker)
    log(f"{slug} made in {time.perf_counter() - began:.1f} s")
    return "made"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.matrix")
    parser.add_argument("--segments", type=int, default=1_000_000,
                        help="the study the budget is checked on")  # fmt: skip
    parser.add_argument("--scales", default="10000,100000",
                        help="more studies to measure, by segments ('' for none)")  # fmt: skip
    parser.add_argument("--dyads", type=int, default=DYADS_DEFAULT, help="two transcripts each")
    parser.add_argument("--repeat", type=int, default=10, help="builds timed for (b)")
    parser.add_argument("--sql-repeat", type=int, default=5, help="runs of the bare SQL (a)")
    parser.add_argument("--served-repeat", type=int, default=30, help="requests timed for (c)")
    parser.add_argument("--other-repeat", type=int, default=3,
                        help="builds timed for each dyad and co-occurrence matrix (d)")  # fmt: skip
    parser.add_argument("--explain", action="store_true",
                        help="print the job's statements and the slowest one's plan")  # fmt: skip
    parser.add_argument("--fresh", action="store_true", help="make the studies again")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    return parser.parse_args(argv)


def notes_now() -> list[str]:
    notes = []
    for module, part in (("dyads", "dyad comparison"), ("cooccurrence", "co-occurrence")):
        if importlib.util.find_spec(f"analysis.{module}") is None:
            notes.append(f"analysis/{module}.py does not exist yet: the {part} is not timed (null)")
    if page_path("x", 1) is None:
        notes.append("no matrix page at /studies/<slug>/matrices/<pk>/ yet: page is null")
    return notes


def run_scale(args, base_url: str) -> dict:
    """One scale in this process: its database and study, a worker (and gunicorn, for
    the page) on that database, and its figures."""
    url = scale_url(base_url, args.segments)
    database_ensure(url, False)
    queue = os.environ.get("CELERY_QUEUE") or DEFAULT_QUEUE
    env = {**server_environment(url), "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
           "CELERY_QUEUE": queue}  # fmt: skip
    django_setup(env)
    data = ensure_study(url, env, args.segments, args)
    from django.db import connection
    from django.test import Client

    from studies.models import User

    notes = notes_now()
    page = None
    connection.close()
    worker_log = Path(tempfile.mkstemp(prefix="bench-matrix-worker-", suffix=".log")[1])
    server_log = Path(tempfile.mkstemp(prefix="bench-matrix-gunicorn-", suffix=".log")[1])
    with contextlib.ExitStack() as stack:
        worker = stack.enter_context(celery_worker(env, queue, worker_log))
        if not any("matrix page" in note for note in notes):
            port = free_port()
            server_file = stack.enter_context(server_log.open("w"))
            stack.enter_context(gunicorn(env, PAGE_GUNICORN_ARGS, port, server_file, server_log))
            client = Client(HTTP_HOST=HOST)
            client.force_login(User.objects.get(username=LEAD))
            page = {"base": f"http://{HOST}:{port}",
                    "cookie": f"sessionid={client.cookies['sessionid'].value}"}  # fmt: skip
        figures = measure_scale(args.segments, args, worker.pid, page)
    worker_log.unlink()
    server_log.unlink()
    return {"data": data, "figures": figures, "notes": notes}


def run_in_child(args, segments: int) -> dict:
    """One scale in a process of its own (its own Django on its own database)."""
    command = [
        sys.executable, "-m", "bench.matrix", "--segments", str(segments), "--scales", "",
        "--dyads", str(args.dyads), "--repeat", str(args.repeat),
        "--sql-repeat", str(args.sql_repeat), "--served-repeat", str(args.served_repeat),
        "--other-repeat", str(args.other_repeat),
        *(["--fresh"] if args.fresh else []),
        *(["--explain"] if args.explain and segments == args.segments else []),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=PROJECT_DIR, stdout=subprocess.PIPE, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"the run at {segments:,} segments failed (exit {done.returncode})")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    warnings.filterwarnings("ignore", message="No directory at")
    scales = sorted({args.segments, *(int(n) for n in args.scales.split(",") if n.strip())})
    base_url = os.environ.get(DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL)
    if len(scales) == 1:
        run = run_scale(args, base_url)
        data, results, notes = (
            {str(args.segments): run["data"]},
            {str(args.segments): run["figures"]},
            run["notes"],
        )
    else:
        data, results, notes = {}, {}, []
        for segments in scales:
            child = run_in_child(args, segments)
            data.update(child["data"])
            results.update(child["scales"])
            notes = child["notes"]
    main_figures = results[str(args.segments)]
    peaks = [figures["worker_peak_rss_mb"] for figures in results.values()]
    peak = max((value for value in peaks if value is not None), default=None)
    checks = budget_checks(main_figures, peak)
    output = {
        "benchmark": "matrix",
        "data": data,
        "transcripts": args.dyads * 2,
        "nodes": 300,
        "segments": args.segments,
        "scales": results,
        "worker_peak_rss_mb": peak,
        "budget": BUDGET,
        "budget_checks": checks,
        # null: the check's part was not measured (no page yet); it neither meets nor misses.
        "within_budget": all(value for value in checks.values() if value is not None),
        "notes": notes,
    }
    print(json.dumps(output, indent=2))
    return 1 if args.check and not output["within_budget"] else 0


if __name__ == "__main__":
    sys.exit(main())
