"""Each measure of a matrix on hand-made data with known answers (see conftest.py):
nested nodes counted once, overlapping segments, a participant with no coding, totals
that count each segment and participant once, and each kind of column."""

from analysis import matrix
from analysis.models import MatrixQuery


def _query(study, known, **fields) -> MatrixQuery:
    rows = [
        {"node": known.theme.pk, "below": True},
        {"node": known.money.pk, "below": False},
        {"node": known.team.pk, "below": False},
    ]
    name = f"Query {MatrixQuery.objects.count() + 1}"
    return MatrixQuery.objects.create(study=study, name=name, rows=rows, **fields)


def _roles(study):
    return str(study.roles.get(code="MHW").pk), str(study.roles.get(code="SU").pk)


def test_a_theme_counts_the_segments_of_every_node_below_it_once(study, known):
    counts = matrix.count(_query(study, known, columns="role"))
    mhw, su = _roles(study)
    theme = str(known.theme.pk)
    # [segments, participants, words]
    assert counts["cells"][theme] == {mhw: [2, 1, 11], su: [1, 1, 4]}
    assert counts["row_totals"][theme] == [3, 2, 15]


def test_a_row_without_below_counts_only_its_own_segments(study, known):
    counts = matrix.count(_query(study, known, columns="role"))
    mhw, su = _roles(study)
    assert counts["cells"][str(known.money.pk)] == {mhw: [1, 1, 5], su: [1, 1, 4]}
    assert str(known.team.pk) not in counts["cells"]
    assert str(known.team.pk) not in counts["row_totals"]


def test_column_totals_and_the_total_count_a_segment_in_two_rows_once(study, known):
    counts = matrix.count(_query(study, known, columns="role"))
    mhw, su = _roles(study)
    # MHW1's "Money" segment is under the theme row and the Money row: once here.
    assert counts["column_totals"] == {mhw: [2, 1, 11], su: [1, 1, 4]}
    assert counts["total"] == [3, 2, 15]


def test_the_participants_each_column_could_have_had_include_those_with_nothing_coded(study, known):
    counts = matrix.count(_query(study, known, columns="role"))
    mhw, su = _roles(study)
    assert counts["cases"] == {mhw: 2, su: 1}
    assert counts["all_cases"] == 3


def test_columns_by_coder_split_a_participants_segments_by_who_coded_them(
    study, known, lead, coder
):
    counts = matrix.count(_query(study, known, columns="coder"))
    assert counts["cells"][str(known.theme.pk)] == {
        str(coder.pk): [2, 2, 9],
        str(lead.pk): [1, 1, 6],
    }
    # Segment columns: every case could have been coded by anyone.
    assert counts["cases"] == {"-": 3}


def test_columns_by_dyad_put_a_worker_and_their_service_user_together(study, known):
    counts = matrix.count(_query(study, known, columns="dyad"))
    dyad = str(known.worker.dyad_as_worker.pk)
    assert counts["cells"][str(known.theme.pk)] == {dyad: [3, 2, 15]}
    # MHW2 is in no dyad: the column of those without one.
    assert counts["cases"] == {dyad: 2, "-": 1}


def test_filters_narrow_the_segments_counted(study, known, lead):
    mhw, _su = _roles(study)
    by_role = matrix.count(_query(study, known, columns="role", filters={"roles": [int(mhw)]}))
    assert by_role["total"] == [2, 1, 11]
    by_coder = matrix.count(_query(study, known, columns="role", filters={"coders": [lead.pk]}))
    assert by_coder["total"] == [1, 1, 6]
    later = matrix.count(_query(study, known, columns="role", filters={"coded_from": "2999-01-01"}))
    assert later["total"] == [0, 0, 0]


def _disjoint(study, known, **fields) -> MatrixQuery:
    rows = [{"node": known.theme.pk, "below": True}, {"node": known.team.pk, "below": True}]
    name = f"Query {MatrixQuery.objects.count() + 1}"
    return MatrixQuery.objects.create(study=study, name=name, rows=rows, **fields)


def test_totals_of_rows_that_do_not_overlap_are_the_same_as_when_they_do(study, known):
    counts = matrix.count(_disjoint(study, known, columns="role"))
    mhw, su = _roles(study)
    assert counts["column_totals"] == {mhw: [2, 1, 11], su: [1, 1, 4]}
    assert counts["total"] == [3, 2, 15]


def _answer(lead, participant, attribute, value):
    from studies import services as study_services

    study_services.attribute_values_save(
        actor=lead, participant=participant, answers={attribute.pk: value}
    )


def test_a_choice_question_makes_one_column_per_answer(study, lead, known):
    from studies import services as study_services

    housing = study_services.attribute_create(
        actor=lead, study=study, label="Housing", kind="single", choices=["Own", "Rent"]
    )
    _answer(lead, known.worker, housing, "Rent")
    _answer(lead, known.service_user, housing, "Own")
    counts = matrix.count(_disjoint(study, known, columns="attribute", attribute=housing))
    assert counts["cells"][str(known.theme.pk)] == {"Rent": [2, 1, 11], "Own": [1, 1, 4]}
    # MHW2 has a transcript but no answer: the column of those without one.
    assert counts["cases"] == {"Rent": 1, "Own": 1, "-": 1}
    assert counts["all_cases"] == 3


def test_a_multiple_choice_counts_a_participant_in_each_option_they_chose(study, lead, known):
    from studies import services as study_services

    support = study_services.attribute_create(
        actor=lead, study=study, label="Support", kind="multiple", choices=["Family", "Friends"]
    )
    _answer(lead, known.worker, support, ["Family", "Friends"])
    counts = matrix.count(_disjoint(study, known, columns="attribute", attribute=support))
    theme = counts["cells"][str(known.theme.pk)]
    assert theme["Family"] == theme["Friends"] == [2, 1, 11]
    # The row's own total counts each segment once, whatever the options.
    assert counts["row_totals"][str(known.theme.pk)] == [3, 2, 15]


def test_a_number_question_is_counted_in_the_bands_given(study, lead, known):
    from studies import services as study_services

    years = study_services.attribute_create(
        actor=lead, study=study, label="Years in service", kind="number"
    )
    _answer(lead, known.worker, years, "4")
    _answer(lead, known.service_user, years, "12")
    bands = [{"label": "Under 5", "min": None, "max": 5}, {"label": "5 or more", "min": 5,
                                                             "max": None}]  # fmt: skip
    counts = matrix.count(
        _disjoint(study, known, columns="attribute", attribute=years, bands=bands)
    )
    assert counts["cells"][str(known.theme.pk)] == {"band0": [2, 1, 11], "band1": [1, 1, 4]}


def test_every_cell_opens_to_exactly_the_segments_it_counted(study, lead, known):
    from coding.models import CodedSegment
    from studies import services as study_services

    housing = study_services.attribute_create(
        actor=lead, study=study, label="Housing", kind="single", choices=["Own", "Rent"]
    )
    study_services.attribute_values_save(
        actor=lead, participant=known.worker, answers={housing.pk: "Rent"}
    )
    every = CodedSegment.objects.all()
    for columns in ("role", "site", "dyad", "vignette", "mode", "coder", "case", "attribute"):
        extra = {"attribute": housing} if columns == "attribute" else {}
        query = _query(study, known, columns=columns, **extra)
        counts = matrix.count(query)
        for node, by_column in counts["cells"].items():
            for column, (segments, _people, _words) in by_column.items():
                opened = matrix.cell_segments(query, every, node=node, column=column)
                assert opened.count() == segments, (columns, node, column)
            whole_row = matrix.cell_segments(query, every, node=node, column=None)
            assert whole_row.count() == counts["row_totals"][node][0], columns


def test_participants_as_columns_give_each_case_its_own_counts(study, known):
    counts = matrix.count(_disjoint(study, known, columns="case"))
    worker, user, quiet = (str(p.pk) for p in (known.worker, known.service_user,
                                               known.quiet_worker))  # fmt: skip
    assert counts["cells"][str(known.theme.pk)] == {worker: [2, 1, 11], user: [1, 1, 4]}
    # MHW2, with nothing coded, is still a case the table shows as a column.
    assert counts["cases"] == {worker: 1, user: 1, quiet: 1}
