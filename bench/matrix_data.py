"""The matrix benchmark's study (issue 15, speed), generated the same way every time.

One study per number of segments, each: 2,000 transcripts of 1,000 dyads (a mental
health worker and the service user they nominated, MHW and SU), spread over four
sites, each participant with an answer to a number question of the information form
(age); 300 nodes in a four-level tree (4 explanatory themes > 16 categories > 80 codes
> 200 sub-codes); and the segments, on leaf and inner nodes, by four coders.

Only the first dyad (its worker's interview made by the reading benchmark's
`make_interview`), the sites, the question and the team go through the services.
Everything else is copied from those with INSERT ... SELECT (participants, dyads,
answers, sessions, transcripts with their versions and turns) or written with COPY
(nodes, segments): through the services one by one, a million segments would take
hours. The columns copied and written are read from the models, so a new column with a
default needs no change here; one without a default stops the generator with its name.

A study is made in one transaction with its marker row, so a study in the database is
always whole, and its address says what it holds (`bench-matrix-<segments>-v<n>`).
"""

from __future__ import annotations

import datetime
import hashlib
import random

from bench.reading import LEAD as READING_LEAD
from bench.reading import make_interview
from bench.reading import study_slug as reading_slug

DATA_VERSION = 2
SEED = 15
WORDS, TURNS = 8_000, 160  # an interview of about an hour
DYADS_DEFAULT = 1_000
SITES = ("Northgate", "Riverside", "Eastfield", "Hillcrest")
CODERS = 4
# The tree: explanatory themes, categories per theme, codes per category; codes of
# even position get three sub-codes and the others two (4 + 16 + 80 + 200 = 300).
THEMES, CATEGORIES, CODES = 4, 4, 5
# Where segments go, by depth (theme, category, code, sub-code): mostly on leaves,
# some on the inner nodes, as coders do when nothing finer fits.
DEPTH_SHARES = (0.02, 0.08, 0.20, 0.70)
SEGMENT_CHARS = (20, 400)
CODED_FROM = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
CODED_DAYS = 90
MARKER_TABLE = "bench_matrix_study"
LEAD = READING_LEAD  # the first interview is the reading benchmark's, made by its lead


def study_slug(segments: int) -> str:
    return f"bench-matrix-{segments}-v{DATA_VERSION}"


def schema_fingerprint(connection) -> str:
    """The applied migrations and DATA_VERSION: a study made under others is made again."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
    return hashlib.sha256(f"{DATA_VERSION}:{list(rows)}".encode()).hexdigest()[:16]


def markers(connection) -> dict[str, str]:
    """{study address: fingerprint it was made under} of the studies made so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (slug text PRIMARY KEY, value text)"
        )
        cursor.execute(f"SELECT slug, value FROM {MARKER_TABLE}")  # noqa: S608
        return dict(cursor.fetchall())


# --- Copying rows as the models define them ---------------------------------------------


def _columns(model) -> list:
    """The model's fields that a row is written with: all but the key and generated ones."""
    return [
        field for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]  # fmt: skip


def insert_select(model, overrides: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO the model's table SELECT each column from `src` (a row of the same
    table, joined in `source`) unless `overrides` gives its SQL. Returns rows written."""
    from django.db import connection

    table = model._meta.db_table
    names = [field.column for field in _columns(model)]
    chosen = [overrides.get(name, f'src."{name}"') for name in names]
    quoted = ", ".join(f'"{name}"' for name in names)
    # Names from the models and SQL of this module: values only ever go as parameters.
    sql = f"INSERT INTO {table} ({quoted}) SELECT {', '.join(chosen)} FROM {table} src {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


class Copier:
    """COPY into a model's table: each row gives the fields named in `given`; every
    other column gets its field's default, or the generator stops with its name."""

    def __init__(self, raw_cursor, model, given: list[str]):
        from django.db import connection

        fields = _columns(model)
        by_name = {field.attname: field for field in fields}
        unknown = set(given) - set(by_name)
        if unknown:
            raise RuntimeError(f"{model.__name__} has no field {sorted(unknown)}")
        self.fill = []
        for field in fields:
            if field.attname in given:
                continue
            # Django's own fallback: "" for a text column, None for a nullable one.
            if not (field.has_default() or field.null or field.empty_strings_allowed):
                raise RuntimeError(
                    f"{model.__name__}.{field.name} has no default: give it in bench/matrix_data.py"
                )
            value = field.get_default()
            self.fill.append((field.column, field.get_db_prep_save(value, connection)))
        columns = [by_name[name].column for name in given] + [name for name, _ in self.fill]
        quoted = ", ".join(f'"{name}"' for name in columns)
        self.defaults = tuple(value for _, value in self.fill)
        self.copy = raw_cursor.copy(f"COPY {model._meta.db_table} ({quoted}) FROM STDIN")

    def __enter__(self):
        self._copy = self.copy.__enter__()
        return self

    def __exit__(self, *exc):
        return self.copy.__exit__(*exc)

    def write(self, row: tuple) -> None:
        self._copy.write_row(row + self.defaults)


# --- The study ----------------------------------------------------------------------------


def _first_dyad(slug: str):
    """The study and its first dyad through the services: the reading benchmark's
    interview (a study with five vignettes; MHW1, consented, interviewed in person, and
    the transcript) moved to this study's address, then the sites, the age question,
    the coders, the transcript made ready, and SU1, whom MHW1 nominates."""
    from interviews.models import Transcript
    from interviews.services import transcript_mark_ready
    from studies import services
    from studies.models import Membership, Participant, Study, TeamRole, User
    from tests.factories import give_consent

    make_interview(WORDS, TURNS)
    Study.objects.filter(slug=reading_slug(WORDS, TURNS)).update(
        slug=slug, title="Matrix benchmark"
    )
    transcript = Transcript.objects.select_related("study").get(study__slug=slug)
    study = transcript.study
    lead = User.objects.get(username=LEAD)
    sites = [services.site_add(actor=lead, study=study, name=name) for name in SITES]
    # The reading benchmark's study has no sites: its worker joins the first.
    Participant.objects.filter(pk=transcript.participant_id).update(site=sites[0])
    worker = Participant.objects.select_related("role").get(pk=transcript.participant_id)
    age = services.attribute_create(actor=lead, study=study, label="Age", kind="number",
                                    min_value=18, max_value=99)  # fmt: skip
    coders = [lead.pk]
    for index in range(1, CODERS):
        user, _ = User.objects.get_or_create(username=f"bench-matrix-coder-{index}")
        Membership.objects.create(study=study, user=user, role=TeamRole.CODER)
        coders.append(user.pk)
    service_user = services.participant_nominate(actor=lead, worker=worker).service_user
    give_consent(service_user, lead)
    for person, years in ((worker, 41), (service_user, 37)):
        services.attribute_values_save(actor=lead, participant=person, answers={age.pk: years})
    transcript_mark_ready(actor=lead, transcript=transcript)
    return study, lead, sites, coders, worker, service_user


def _copy_people(study, sites, worker, service_user, dyads: int) -> None:
    """Workers MHW2.. and service users SU2.. (dyad n's two at the same site), their
    dyads and ages, copied from the first dyad's rows."""
    from studies.models import AttributeValue, Dyad, Participant, Role

    site_array = "ARRAY[" + ", ".join(str(site.pk) for site in sites) + "]"
    for template in (worker, service_user):
        insert_select(
            Participant,
            {"number": "g", "pseudonym": "%(code)s || g",
             "site_id": f"({site_array})[1 + (g - 1) %% {len(sites)}]"},
            "CROSS JOIN generate_series(2, %(dyads)s) g WHERE src.id = %(template)s",
            {"code": template.role.code, "dyads": dyads, "template": template.pk},
        )  # fmt: skip
        Role.objects.filter(pk=template.role_id).update(next_number=dyads + 1)
    template = Dyad.objects.get(worker=worker)
    insert_select(
        Dyad, {"worker_id": "w.id", "service_user_id": "su.id"},
        "JOIN studies_participant w ON w.role_id = %(worker_role)s AND w.number > 1 "
        "JOIN studies_participant su ON su.role_id = %(su_role)s AND su.number = w.number "
        "WHERE src.id = %(template)s",
        {"worker_role": worker.role_id, "su_role": service_user.role_id, "template": template.pk},
    )  # fmt: skip
    # Ages 20 to 64, spread by number and role.
    answer = AttributeValue.objects.get(participant=worker)
    insert_select(
        AttributeValue,
        {"participant_id": "p.id",
         "value": "to_jsonb(20 + (p.number * 37 + CASE WHEN p.role_id = %(worker_role)s "
                  "THEN 0 ELSE 11 END) %% 45)"},
        "JOIN studies_participant p ON p.study_id = %(study)s AND p.number > 1 "
        "WHERE src.id = %(template)s",
        {"study": study.pk, "worker_role": worker.role_id, "template": answer.pk},
    )  # fmt: skip


def _copy_interviews(study, transcript) -> list[int]:
    """A session (every third one online) and a copy of the first transcript, with its
    versions and turns, for every participant without one. Returns the transcripts' ids."""
    from interviews.models import InterviewSession, SpeakerTurn, Transcript, TranscriptVersion

    params = {"study": study.pk}
    insert_select(
        InterviewSession,
        {"participant_id": "p.id",
         "mode": "CASE WHEN p.number %% 3 = 0 THEN 'online' ELSE src.mode END"},
        "JOIN studies_participant p ON p.study_id = src.study_id "
        "WHERE src.id = %(session)s AND NOT EXISTS "
        "(SELECT 1 FROM interviews_interviewsession o WHERE o.participant_id = p.id)",
        {**params, "session": transcript.session_id},
    )  # fmt: skip
    insert_select(
        Transcript, {"participant_id": "s.participant_id", "session_id": "s.id"},
        "JOIN interviews_interviewsession s ON s.study_id = src.study_id "
        "WHERE src.id = %(transcript)s AND NOT EXISTS "
        "(SELECT 1 FROM interviews_transcript o WHERE o.session_id = s.id)",
        {**params, "transcript": transcript.pk},
    )  # fmt: skip
    copies = (
        "JOIN interviews_transcript t ON t.study_id = %(study)s AND t.id <> %(transcript)s "
        "WHERE src.transcript_id = %(transcript)s"
    )
    for model in (TranscriptVersion, SpeakerTurn):
        insert_select(
            model, {"transcript_id": "t.id"}, copies, {**params, "transcript": transcript.pk}
        )
    return list(Transcript.objects.filter(study=study).order_by("pk").values_list("pk", flat=True))


def _make_nodes(raw, study) -> list[list[int]]:
    """The 300-node tree, level by level with COPY. Returns the ids by depth."""
    from coding.models import Node, NodeKind

    levels: list[list[int]] = []
    kinds = (NodeKind.EXPLANATORY_THEME, NodeKind.CATEGORY, NodeKind.CODE, NodeKind.CODE)
    colours = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2")
    names: dict[int, str] = {}
    for depth, kind in enumerate(kinds):
        parents = levels[-1] if levels else [None]
        rows = []
        for parent_index, parent in enumerate(parents):
            if depth == 0:
                count = THEMES
            elif depth == 1:
                count = CATEGORIES
            elif depth == 2:
                count = CODES
            else:
                count = 3 if parent_index % 2 == 0 else 2
            for position in range(count):
                prefix = names.get(parent, "")
                label = chr(ord("A") + position) if depth == 0 else f"{prefix}.{position + 1}"
                rows.append((parent, position, label))
        with Copier(
            raw, Node, ["study_id", "parent_id", "kind", "name", "colour", "position"]
        ) as copy:
            for parent, position, label in rows:
                title = f"{kind.label} {label}"
                copy.write((study.pk, parent, kind, title, colours[depth], position))
        found = list(
            Node.objects.filter(study=study, parent_id__in=[p for p in parents if p] or None)
            .order_by("parent_id", "position")
            .values_list("pk", "name")
            if depth
            else Node.objects.filter(study=study, parent=None)
            .order_by("position")
            .values_list("pk", "name")
        )
        for pk, name in found:
            names[pk] = name.split(" ")[-1]
        levels.append([pk for pk, _ in found])
    return levels


def _write_segments(
    raw, transcripts: list[int], levels, coders, text: str, version: int, segments: int
) -> None:
    """`segments` coded segments with COPY, spread evenly over the transcripts, on nodes
    by DEPTH_SHARES, seeded: the same study every time."""
    from coding.models import CodedSegment

    rng = random.Random(SEED)
    length = len(text)
    low, high = SEGMENT_CHARS
    cumulative, total = [], 0.0
    for share in DEPTH_SHARES:
        total += share
        cumulative.append(total)
    seen: set[tuple] = set()
    given = ["transcript_id", "version", "node_id", "coder_id", "start", "end", "text",
             "revision", "created_at", "updated_at"]  # fmt: skip
    with Copier(raw, CodedSegment, given) as copy:
        for number in range(segments):
            transcript = transcripts[number % len(transcripts)]
            draw = rng.random()
            depth = next(i for i, bound in enumerate(cumulative) if draw < bound or i == 3)
            node = rng.choice(levels[depth])
            coder = rng.choice(coders)
            while True:
                start = rng.randrange(length - high)
                end = start + rng.randint(low, high)
                key = (transcript, node, coder, start, end)
                if key not in seen:
                    break
            seen.add(key)
            at = CODED_FROM + datetime.timedelta(minutes=rng.randrange(CODED_DAYS * 24 * 60))
            copy.write((transcript, version, node, coder, start, end, text[start:end], 1, at, at))


def generate(segments: int, dyads: int, marker: str) -> dict:
    """Makes the study of `segments` segments (see the module's docstring) and records
    its marker, in one transaction."""
    from django.db import connection, transaction

    from coding.models import CodingState
    from interviews.models import Transcript

    slug = study_slug(segments)
    with transaction.atomic():
        study, lead, sites, coders, worker, service_user = _first_dyad(slug)
        first = Transcript.objects.get(participant=worker)
        _copy_people(study, sites, worker, service_user, dyads)
        transcripts = _copy_interviews(study, first)
        with connection.cursor() as cursor:
            raw = cursor.connection.cursor()
            levels = _make_nodes(raw, study)
            _write_segments(raw, transcripts, levels, coders, first.text, first.version, segments)
            CodingState.objects.update_or_create(study=study, defaults={"revision": 1})
            cursor.execute(
                f"INSERT INTO {MARKER_TABLE} (slug, value) VALUES (%s, %s)",  # noqa: S608
                [slug, marker],
            )
    # As autovacuum would have by the time anyone counts: statistics for the planner,
    # and the visibility map, without which no index-only scan skips the table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"study": slug, "transcripts": len(transcripts), "nodes": sum(map(len, levels))}
