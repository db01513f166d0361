import csv
import io
import math
from datetime import date

import openpyxl
import pytest

from studies import services
from studies.models import AttributeDefinition, AttributeValue, Participant, Role
from studies.sample import (
    BAND_SUGGESTION,
    FEW_ANSWERS_SUGGESTION,
    MERGE_SUGGESTION,
    RANGE_SUGGESTION,
    WIDEN_SUGGESTION,
    CountRow,
    sample_tables,
    tables_csv_rows,
    tables_xlsx,
)
from studies.spreadsheet import csv_text

GENDERS = ["Woman", "Man", "Non-binary", "Prefer not to say"]


@pytest.fixture
def study(lead):
    return services.study_create(creator=lead, title="Sample tables")


def _people(study, code: str, statuses: list[str]) -> list[Participant]:
    role = Role.objects.get(study=study, code=code)
    start = Participant.objects.filter(role=role).count() + 1
    return [
        Participant.objects.create(
            study=study, role=role, number=number, pseudonym=f"{code}{number}", status=status
        )
        for number, status in enumerate(statuses, start)
    ]


def _question(study, label: str, kind: str, role_code: str | None = None, **fields):
    role = Role.objects.get(study=study, code=role_code) if role_code else None
    position = AttributeDefinition.objects.filter(study=study).count()
    return AttributeDefinition.objects.create(
        study=study, label=label, kind=kind, role=role, position=position, **fields
    )


def _answer(question, people, values) -> None:
    """Gives each person the value at the same place; None leaves them unanswered."""
    AttributeValue.objects.bulk_create(
        AttributeValue(participant=person, attribute=question, value=value)
        for person, value in zip(people, values, strict=True)
        if value is not None
    )


def _table(study, code: str):
    return next(table for table in sample_tables(study=study) if table.role_code == code)


def _summary(study, code: str, label: str):
    return next(s for s in _table(study, code).attributes if s.label == label)


def test_a_single_choice_counts_options_over_those_who_answered_and_lists_unchosen_ones(study):
    workers = _people(study, "MHW", ["consented"] * 8)
    gender = _question(study, "Gender", "single", choices=GENDERS)
    _answer(gender, workers, ["Woman"] * 5 + ["Man"] * 3)

    summary = _summary(study, "MHW", "Gender")

    assert (summary.n, summary.missing) == (8, 0)
    assert summary.rows == [
        CountRow("Woman", 5, 62.5, False),
        CountRow("Man", 3, 37.5, False),
        CountRow("Non-binary", 0, 0.0, False),
        CountRow("Prefer not to say", 0, 0.0, False),
    ]
    assert [row.display for row in summary.rows] == [
        "5 (62.5%)",
        "3 (37.5%)",
        "0 (0.0%)",
        "0 (0.0%)",
    ]


def test_a_multiple_choice_gives_percentages_of_respondents_which_can_pass_100(study):
    users = _people(study, "SU", ["interviewed"] * 5)
    support = _question(
        study, "Support received", "multiple",
        choices=["Medication", "Therapy", "Peer support", "Housing"],
    )  # fmt: skip
    _answer(
        support, users,
        [["Medication", "Therapy"], ["Medication"], ["Medication", "Therapy", "Peer support"],
         ["Housing", "Therapy", "Medication"], None],
    )  # fmt: skip

    summary = _summary(study, "SU", "Support received")

    assert (summary.n, summary.missing) == (4, 1)
    assert [(row.label, row.count, row.percent) for row in summary.rows] == [
        ("Medication", 4, 100.0),
        ("Therapy", 3, 75.0),
        ("Peer support", 1, 25.0),
        ("Housing", 1, 25.0),
    ]


def test_numbers_give_mean_sample_sd_median_and_range_over_those_who_answered(study):
    workers = _people(study, "MHW", ["consented"] * 5)
    age = _question(study, "Age (years)", "number")
    _answer(age, workers, [25, 31, 40, 52, None])

    summary = _summary(study, "MHW", "Age (years)")

    # Deviations from 37 are -12, -6, 3, 15: squares add to 414, over n - 1 = 3 is 138.
    assert (summary.n, summary.missing) == (4, 1)
    assert summary.number.mean == 37.0
    assert summary.number.sd == pytest.approx(math.sqrt(138))
    assert summary.number.sd == pytest.approx(11.747, abs=0.001)
    assert (summary.number.median, summary.number.minimum, summary.number.maximum) == (
        35.5, 25.0, 52.0,
    )  # fmt: skip
    assert (summary.number.mean_sd, summary.number.range) == ("37.0 (11.7)", "25.0–52.0")
    assert summary.rows == []


def test_one_answer_has_no_sd_and_is_flagged_as_describing_a_person(study):
    workers = _people(study, "MHW", ["consented"] * 4)
    years = _question(study, "Years in service", "number")
    _answer(years, workers, [7.5, None, None, None])

    summary = _summary(study, "MHW", "Years in service")

    assert summary.number.sd is None
    assert summary.number.mean_sd == "7.5 (–)"
    assert summary.number.centre_flagged and summary.number.range_flagged
    assert summary.suggestion == FEW_ANSWERS_SUGGESTION


def test_a_question_nobody_answered_counts_everyone_as_missing(study):
    workers = _people(study, "MHW", ["consented", "interviewed", "interview_scheduled"])
    _question(study, "Team", "text", required=True)
    _question(study, "Start date", "date")
    _question(study, "Age", "number")

    table = _table(study, "MHW")

    assert [(s.label, s.n, s.missing) for s in table.attributes] == [
        ("Team", 0, 3),
        ("Start date", 0, 3),
        ("Age", 0, 3),
    ]
    assert all(s.number is None and s.dates is None and s.rows == [] for s in table.attributes)
    assert not table.flagged
    assert len(workers) == table.sample_size == 3


def test_text_answers_are_only_counted_and_blank_text_is_missing(study):
    workers = _people(study, "MHW", ["consented"] * 4)
    team = _question(study, "Team", "text")
    _answer(team, workers, ["North CMHT", "A", "   ", None])

    summary = _summary(study, "MHW", "Team")

    assert (summary.n, summary.missing, summary.rows, summary.flagged) == (2, 2, [], False)


def test_dates_give_the_earliest_and_latest(study):
    users = _people(study, "SU", ["consented"] * 4)
    diagnosed = _question(study, "Date of diagnosis", "date")
    _answer(diagnosed, users, ["2019-05-01", "2021-11-30", "2018-02-14", "not a date"])

    summary = _summary(study, "SU", "Date of diagnosis")

    assert (summary.n, summary.missing) == (3, 1)
    assert (summary.dates.earliest, summary.dates.latest) == (date(2018, 2, 14), date(2021, 11, 30))
    assert summary.dates.flagged


def test_only_consented_scheduled_and_interviewed_people_are_in_the_sample(study):
    statuses = [
        "consented", "interview_scheduled", "interviewed",
        "declined", "withdrawn", "identified", "approached",
    ]  # fmt: skip
    workers = _people(study, "MHW", statuses)
    gender = _question(study, "Gender", "single", choices=GENDERS)
    _answer(gender, workers, ["Woman"] * 7)

    table = _table(study, "MHW")

    assert table.sample_size == 3
    assert (table.attributes[0].n, table.attributes[0].missing) == (3, 0)
    assert table.attributes[0].rows[0] == CountRow("Woman", 3, 100.0, False)


def test_a_question_asked_of_service_users_only_is_not_in_the_workers_table(study):
    _people(study, "MHW", ["consented"])
    _people(study, "SU", ["consented"])
    _question(study, "Gender", "single", choices=GENDERS)
    _question(study, "Years using services", "number", role_code="SU")
    _question(study, "Profession", "single", role_code="MHW", choices=["Nurse", "Social worker"])

    tables = sample_tables(study=study)

    assert [(t.role_code, t.role_label) for t in tables] == [
        ("MHW", "Mental health worker"),
        ("SU", "Service user"),
    ]
    assert [s.label for s in tables[0].attributes] == ["Gender", "Profession"]
    assert [s.label for s in tables[1].attributes] == ["Gender", "Years using services"]


def test_an_empty_sample_gives_zero_counts_without_percentages(study):
    _question(study, "Gender", "single", choices=GENDERS)

    summary = _summary(study, "SU", "Gender")

    assert _table(study, "SU").sample_size == 0
    assert summary.rows[0] == CountRow("Woman", 0, None, False)
    assert summary.rows[0].display == "0"
    assert (summary.flagged, summary.suggestion) == (False, "")


def test_cells_of_one_or_two_people_are_flagged_and_zero_or_three_are_not(study):
    workers = _people(study, "MHW", ["consented"] * 6)
    gender = _question(study, "Gender", "single", choices=GENDERS)
    _answer(gender, workers, ["Woman"] * 3 + ["Man"] * 2 + ["Non-binary"])

    summary = _summary(study, "MHW", "Gender")

    assert [(row.label, row.flagged) for row in summary.rows] == [
        ("Woman", False),
        ("Man", True),
        ("Non-binary", True),
        ("Prefer not to say", False),
    ]
    assert summary.flagged
    assert summary.suggestion == MERGE_SUGGESTION


def test_a_number_range_is_flagged_when_its_ends_belong_to_fewer_than_three(study):
    workers = _people(study, "MHW", ["consented"] * 6)
    users = _people(study, "SU", ["consented"] * 6)
    age = _question(study, "Age", "number")
    _answer(age, workers, [25, 31, 40, 52, 30, 33])
    _answer(age, users, [30, 30, 30, 40, 40, 40])

    workers_age = _summary(study, "MHW", "Age")
    users_age = _summary(study, "SU", "Age")

    assert workers_age.number.range_flagged and not workers_age.number.centre_flagged
    assert workers_age.suggestion == BAND_SUGGESTION
    assert not users_age.flagged
    assert users_age.suggestion == ""


def test_number_bands_count_each_band_inclusively_and_put_the_rest_in_other(study):
    workers = _people(study, "MHW", ["consented"] * 6)
    age = _question(
        study, "Age", "number",
        groups=[["Under 30", None, 29], ["30 to 49", 30, 49], ["50 and over", 50, None]],
    )  # fmt: skip
    _answer(age, workers, [18, 29, 29.5, 30, 49, 70])

    summary = _summary(study, "MHW", "Age")

    assert [(row.label, row.count) for row in summary.rows] == [
        ("Under 30", 2),
        ("30 to 49", 2),
        ("50 and over", 1),
        ("Other", 1),
    ]
    assert summary.rows[0].percent == pytest.approx(100 / 3)
    assert summary.rows[2].percent == pytest.approx(100 / 6)
    assert summary.number.mean == pytest.approx(225.5 / 6)
    assert summary.suggestion == WIDEN_SUGGESTION


def test_bands_without_small_cells_still_flag_a_range_whose_ends_are_single_people(study):
    workers = _people(study, "MHW", ["consented"] * 6)
    age = _question(study, "Age", "number", groups=[["Under 40", None, 39], ["40+", 40, None]])
    _answer(age, workers, [25, 31, 33, 40, 45, 52])

    summary = _summary(study, "MHW", "Age")

    assert [(row.label, row.count, row.flagged) for row in summary.rows] == [
        ("Under 40", 3, False),
        ("40+", 3, False),
    ]
    assert summary.suggestion == RANGE_SUGGESTION


def test_merged_options_are_counted_as_their_group_before_the_ungrouped_options(study):
    users = _people(study, "SU", ["consented"] * 6)
    ethnicity = _question(
        study, "Ethnicity", "single",
        choices=["White British", "White other", "Black African", "Black Caribbean", "Asian",
                 "Mixed"],
        groups=[["White", ["White British", "White other"]],
                ["Black", ["Black African", "Black Caribbean"]]],
    )  # fmt: skip
    _answer(
        ethnicity, users,
        ["White British", "White other", "Black African", "Black Caribbean", "Black Caribbean",
         "Asian"],
    )  # fmt: skip
    support = _question(
        study, "Support received", "multiple",
        choices=["CBT", "Counselling", "Medication"],
        groups=[["Talking therapy", ["CBT", "Counselling"]]],
    )  # fmt: skip
    _answer(support, users, [["CBT", "Counselling"], ["CBT"], ["Medication"], None, None, None])

    ethnicity_rows = _summary(study, "SU", "Ethnicity").rows
    support_rows = _summary(study, "SU", "Support received").rows

    assert [(row.label, row.count) for row in ethnicity_rows] == [
        ("White", 2),
        ("Black", 3),
        ("Asian", 1),
        ("Mixed", 0),
    ]
    # Someone ticking both talking therapies is one person in the group.
    assert [(row.label, row.count, row.percent) for row in support_rows] == [
        ("Talking therapy", 2, pytest.approx(200 / 3)),
        ("Medication", 1, pytest.approx(100 / 3)),
    ]


@pytest.mark.parametrize("people", [4, 20])
def test_the_query_count_does_not_grow_with_participants(study, people, django_assert_num_queries):
    workers = _people(study, "MHW", ["consented"] * people)
    users = _people(study, "SU", ["interviewed"] * people)
    gender = _question(study, "Gender", "single", choices=GENDERS)
    age = _question(study, "Age", "number")
    years = _question(study, "Years using services", "number", role_code="SU")
    _answer(gender, workers + users, ["Woman"] * (2 * people))
    _answer(age, workers + users, list(range(20, 20 + 2 * people)))
    _answer(years, users, [3] * people)

    with django_assert_num_queries(4):
        tables = sample_tables(study=study)

    assert [table.sample_size for table in tables] == [people, people]


def _known_study(study):
    workers = _people(study, "MHW", ["consented"] * 8)
    _people(study, "SU", ["consented"] * 2)
    age = _question(study, "Age (years)", "number")
    gender = _question(study, "Gender", "single", choices=["Woman", "Man", "=1+1"])
    _answer(age, workers, [25, 31, 40, 52, 30, 30, 40, 52])
    _answer(gender, workers, ["Woman"] * 5 + ["Man"] * 2 + ["=1+1"])


def test_csv_rows_read_like_a_paper_table_and_neutralise_formulas(study):
    _known_study(study)

    rows = list(csv.reader(io.StringIO(csv_text(tables_csv_rows(sample_tables(study=study))))))

    small = "Fewer than 3 people"
    assert rows == [
        ["Characteristic", "Category", "Value", "Disclosure risk", "Suggestion"],
        ["Mental health worker (MHW)", "", "N = 8", "", ""],
        ["Age (years)", "Mean (SD)", "37.5 (10.3)", "", BAND_SUGGESTION],
        ["", "Median", "35.5", "", ""],
        ["", "Range", "25.0–52.0", "Lowest or highest value belongs to fewer than 3 people", ""],
        ["", "n / missing", "8 / 0", "", ""],
        ["Gender", "Woman", "5 (62.5%)", "", MERGE_SUGGESTION],
        ["", "Man", "2 (25.0%)", small, ""],
        ["", "'=1+1", "1 (12.5%)", small, ""],
        ["", "n / missing", "8 / 0", "", ""],
        ["", "", "", "", ""],
        ["Service user (SU)", "", "N = 2", "", ""],
        ["Age (years)", "n / missing", "0 / 2", "", ""],
        ["Gender", "Woman", "0", "", ""],
        ["", "Man", "0", "", ""],
        ["", "'=1+1", "0", "", ""],
        ["", "n / missing", "0 / 2", "", ""],
    ]


def test_the_workbook_has_a_sheet_per_role_with_the_figures_and_flagged_cells_filled(study):
    _known_study(study)

    workbook = openpyxl.load_workbook(io.BytesIO(tables_xlsx(sample_tables(study=study))))

    assert workbook.sheetnames == ["MHW", "SU"]
    sheet = workbook["MHW"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Characteristic", "Category", "Value", "Disclosure risk", "Suggestion"]
    assert rows[1][:3] == ["Mental health worker (MHW)", None, "N = 8"]
    assert ["Age (years)", "Mean (SD)", "37.5 (10.3)", None, BAND_SUGGESTION] in rows
    assert [None, "Man", "2 (25.0%)", "Fewer than 3 people", None] in rows
    assert [None, "'=1+1", "1 (12.5%)", "Fewer than 3 people", None] in rows
    assert sheet["A1"].font.bold
    filled = {row[0].row for row in sheet.iter_rows() if row[2].fill.fgColor.rgb.endswith("FFE0B2")}
    flagged = {number for number, row in enumerate(rows[1:], start=2) if row[3]}
    assert filled == flagged
    assert len(flagged) == 3
    assert sheet.column_dimensions["A"].width > 10
    assert ["Service user (SU)", None, "N = 2", None, None] in [
        [cell.value for cell in row] for row in workbook["SU"].iter_rows()
    ]


def _negative_study(study):
    workers = _people(study, "MHW", ["consented"] * 5)
    change = _question(study, "Change in score", "number")
    _answer(change, workers, [-5, -4, -3, 1, -1])
    feeling = _question(study, "Feeling", "single", choices=["-1 or worse", "@home", "Fine"])
    _answer(feeling, workers, ["-1 or worse", "@home", "Fine", "Fine", "Fine"])


def test_it_writes_computed_negative_statistics_without_an_apostrophe_in_the_csv(study):
    _negative_study(study)

    rows = list(csv.reader(io.StringIO(csv_text(tables_csv_rows(sample_tables(study=study))))))

    figures = {row[1]: row[2] for row in rows[2:6]}
    assert figures == {
        "Mean (SD)": "-2.4 (2.4)", "Median": "-3.0", "Range": "-5.0–1.0", "n / missing": "5 / 0",
    }  # fmt: skip
    # Options are people's words: those a spreadsheet would run are still neutralised.
    assert [row[1] for row in rows[6:9]] == ["'-1 or worse", "'@home", "Fine"]


def test_it_writes_single_numbers_to_the_workbook_as_numbers_and_people_text_neutralised(study):
    _negative_study(study)
    _people(study, "SU", ["consented"])  # nobody answered: counts with no percentage

    workbook = openpyxl.load_workbook(io.BytesIO(tables_xlsx(sample_tables(study=study))))

    rows = {(row[0].value, row[1].value): row[2] for row in workbook["MHW"].iter_rows(min_row=2)}
    mean, median = rows[("Change in score", "Mean (SD)")], rows[(None, "Median")]
    assert (mean.value, mean.data_type) == ("-2.4 (2.4)", "s")
    assert (median.value, median.data_type, median.number_format) == (-3.0, "n", "0.0")
    assert rows[(None, "Range")].value == "-5.0–1.0"
    assert {"'-1 or worse", "'@home"} <= {category for _label, category in rows}
    counts = [row[2] for row in workbook["SU"].iter_rows(min_row=2) if row[1].value == "Fine"]
    assert [(cell.value, cell.data_type) for cell in counts] == [(0, "n")]
