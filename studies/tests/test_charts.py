import re
import xml.etree.ElementTree as ET
from datetime import date

from studies import charts
from studies.charts import recruitment_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 3, 12)
SERIES = [
    (date(2026, 2, 16), 1),
    (date(2026, 2, 20), 3),
    (date(2026, 2, 27), 4),
    (date(2026, 3, 3), 5),
]


def render(**kwargs) -> str:
    options = {"series": SERIES, "target": 8, "title": "Recruitment", "today": TODAY}
    return recruitment_chart_svg(**(options | kwargs))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - parsing this module's own output, not untrusted input


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def line_points(root: ET.Element) -> list[tuple[float, float]]:
    line = root.find(f"{SVG}polyline[@class='chart-line']")
    return [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]


def plot_right_edge(root: ET.Element) -> float:
    axis = root.find(f"{SVG}path[@class='chart-axis']").get("d")
    return float(re.search(r"H([\d.]+)", axis).group(1))


def test_the_chart_is_an_svg_image_named_by_its_title_and_described_in_words():
    root = parse(render(title="Recruitment to Housing and risk"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title[@id='{title_id}']").text == "Recruitment to Housing and risk"
    assert root.find(f"{SVG}desc[@id='{desc_id}']").text == (
        "5 of 8 dyads recruited by 12 March 2026, counting from 16 February 2026; target 8."
    )


def test_the_chart_scales_to_its_container():
    root = parse(render(width=500, height=220))
    assert root.get("viewBox") == "0 0 500 220"
    assert root.get("width") == "100%"
    assert root.get("height") is None


def test_two_charts_on_one_page_do_not_share_ids():
    first, second = parse(render()), parse(render())
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_a_target_draws_a_dashed_line_labelled_with_it():
    root = parse(render(target=8))
    target = root.find(f"{SVG}line[@class='chart-target']")
    assert target.get("stroke-dasharray")
    assert target.get("y1") == target.get("y2")
    assert "Target: 8" in texts(root)


def test_a_target_above_every_count_sets_the_top_of_the_y_axis():
    root = parse(render(target=30))
    target_y = float(root.find(f"{SVG}line[@class='chart-target']").get("y1"))
    top_of_axis = float(re.match(r"M[\d.]+ ([\d.]+)", root.find(f"{SVG}path").get("d")).group(1))
    counts = [int(text) for text in texts(root) if text.isdigit()]
    assert counts[0] == 0 and counts[-1] >= 30
    assert 3 <= len(counts) <= 6
    assert target_y >= top_of_axis


def test_without_a_target_there_is_no_target_line_and_the_description_says_so():
    root = parse(render(target=None))
    assert root.find(f"{SVG}line[@class='chart-target']") is None
    assert not any(text.startswith("Target") for text in texts(root))
    assert root.find(f"{SVG}desc").text.endswith(
        "5 dyads recruited by 12 March 2026, counting from 16 February 2026; no target set."
    )


def test_an_empty_series_still_draws_the_axes_and_says_no_one_is_recruited_yet():
    root = parse(render(series=[]))
    assert "No one recruited yet" in texts(root)
    assert root.find(f"{SVG}path[@class='chart-axis']") is not None
    assert root.find(f"{SVG}polyline") is None
    assert root.find(f"{SVG}desc").text == "No one recruited yet; target 8."


def test_text_from_outside_is_escaped():
    output = render(title='<script>alert("x")</script> & co', y_label="<script>\x00")
    assert "<script" not in output
    root = parse(output)
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & co'
    assert "<script>" in texts(root)


def test_the_step_line_moves_right_and_up_the_page_as_counts_rise():
    points = line_points(parse(render()))
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)
    # Horizontal and vertical moves only, as a step line should be.
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:], strict=False))
    assert len(set(ys)) == len(SERIES) + 1


def test_the_line_runs_to_the_right_edge_when_today_is_after_the_last_date():
    root = parse(render(today=date(2026, 4, 1)))
    last_x, last_y = line_points(root)[-1]
    assert last_x == plot_right_edge(root)
    assert line_points(root)[-2][1] == last_y  # flat since the last recruit


def test_the_last_of_several_points_on_one_date_is_the_one_drawn():
    series = [(date(2026, 3, 1), 1), (date(2026, 3, 1), 2), (date(2026, 3, 5), 2)]
    root = parse(render(series=series))
    ys = {y for _, y in line_points(root)}
    assert len(ys) == 2  # 0, then straight to 2 with no stop at 1
    assert root.find(f"{SVG}desc").text.startswith("2 of 8 dyads")


def test_recruitment_on_one_day_only_still_draws_a_line():
    root = parse(render(series=[(TODAY, 2)]))
    points = line_points(root)
    assert points[0][0] < points[-1][0] == plot_right_edge(root)


def test_date_labels_are_short_and_spaced_apart():
    for width, days in [(640, 9), (320, 9), (640, 200), (320, 400)]:
        start = date.fromordinal(TODAY.toordinal() - days)
        root = parse(render(series=[(start, 1)], width=width))
        labels = [
            element
            for element in root.iter(f"{SVG}text")
            if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}( \d{4})?", element.text or "")
        ]
        assert 2 <= len(labels) <= 6
        xs = [float(label.get("x")) for label in labels]
        longest = max(len(label.text) for label in labels)
        assert all(b - a > longest * 7 for a, b in zip(xs, xs[1:], strict=False))
    assert "3 Mar" in texts(parse(render(series=[(date(2026, 3, 3), 1)])))


def test_today_defaults_to_the_local_date(monkeypatch):
    monkeypatch.setattr(charts.timezone, "localdate", lambda: date(2026, 4, 1))
    output = recruitment_chart_svg(series=SERIES, target=8, title="Recruitment")
    assert "by 1 April 2026" in output


def test_nothing_is_styled_inline_or_fetched_from_elsewhere():
    for output in (render(), render(series=[]), render(target=None)):
        root = parse(output)
        for element in root.iter():
            assert "style" not in element.attrib
            assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}image")
        assert set(re.findall(r"https?://[^\s\"']+", output)) == {"http://www.w3.org/2000/svg"}
