import pytest

from studies.spreadsheet import Figure, csv_text, neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-3.5", "-3.5"),
        ("MHW3", "MHW3"),
        (None, ""),
        (42, "42"),
        (-2.5, "-2.5"),
        (Figure("-2.4 (3.8)"), "-2.4 (3.8)"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_text_neutralises_every_cell():
    assert csv_text([["=1+1", "ok"]]).splitlines() == ["'=1+1,ok"]
