"""The thematic development table: codes rolled up into categories, descriptive themes
and explanatory themes, with segments and participants by role at each level, as a
page and as CSV. Counted by the database in one query (coding.themes)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from studies.access import Action, study_access
from studies.http import no_store
from studies.spreadsheet import csv_response

from . import themes
from .views_codebook import study_nodes


def _table(study) -> tuple[list[themes.Row], list]:
    rows = themes.table_rows(nodes=study_nodes(study), counts=themes.node_rollup(study=study))
    return rows, themes.study_roles(study=study)


@require_GET
def thematic_table(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    rows, roles = _table(access.study)
    cells = [(row, [row.counts.for_role(role.pk) for role in roles]) for row in rows]
    context = {"access": access, "study": access.study, "cells": cells, "roles": roles}
    return render(request, "coding/themes.html", context)


@require_GET
@no_store
def thematic_table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    rows, roles = _table(access.study)
    return csv_response(
        themes.table_lines(rows=rows, roles=roles), f"{access.study.slug}-thematic-table.csv"
    )
