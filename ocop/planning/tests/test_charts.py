"""The shared chart helper (ocop.core.charts): one drawing, SVG for pages, PNG for documents."""

import re

from ocop.core.charts import BarChart, Series, render, svg_for_html, to_svg


def _chart(title="Tiến độ theo xã", values=(1, 0, 2)):
    return BarChart(
        title=title,
        categories=["Thị trấn Đắk Rve", "Xã Tân Lập", "Xã Đắk Tơ Lung"],
        series=[Series("Thực hiện", list(values))],
        targets=[1, 1, 1],
    )


def test_the_inline_svg_has_no_style_for_the_csp_to_block_and_a_title_for_screen_readers():
    svg = render(_chart()).svg
    assert "style=" not in svg and "<style" not in svg and "<metadata" not in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Tiến độ theo xã" in svg
    assert 'fill="#0072b2"' in svg.lower()  # the bars' colour survived as an attribute


def test_two_charts_on_one_page_never_share_an_id():
    first, second = render(_chart()).svg, render(_chart(title="Khác", values=(3, 1, 0))).svg
    ids_first = set(re.findall(r'id="([^"]+)"', first))
    ids_second = set(re.findall(r'id="([^"]+)"', second))
    assert ids_first and not ids_first & ids_second
    for reference in re.findall(r'(?:href="#|url\(#)([^")]+)', first):
        assert reference in ids_first


def test_the_same_data_gives_the_same_svg():
    assert to_svg(_chart()) == to_svg(_chart())


def test_the_png_is_a_png_and_an_empty_chart_says_there_is_no_data():
    assert render(_chart()).png.startswith(b"\x89PNG\r\n\x1a\n")
    empty = render(BarChart(title="Trống", categories=[], series=[]))
    assert empty.png.startswith(b"\x89PNG")
    assert "<svg" in empty.svg


def test_a_chart_renders_inline_in_a_template():
    from django.template import Context, Template

    html = Template("<div>{{ chart }}</div>").render(Context({"chart": render(_chart())}))
    assert html.startswith("<div><svg") and "&lt;" not in html


def test_svg_for_html_turns_style_declarations_into_attributes():
    raw = '<?xml version="1.0"?>\n<svg width="10pt" height="5pt" viewBox="0 0 10 5"><defs><style>*{a:b}</style></defs><path id="p" style="fill: #fff; stroke-width: 0.8"/><use xlink:href="#p"/></svg>'
    svg = svg_for_html(raw, title="T")
    assert 'fill="#fff" stroke-width="0.8"' in svg and "<style" not in svg and "<?xml" not in svg
    assert re.search(r'<use xlink:href="#c[0-9a-f]{8}-p"', svg)


def test_the_page_svg_is_cached_by_its_data_so_new_data_draw_a_new_chart():
    from django.core.cache import cache

    cache.clear()
    first = render(_chart(values=(1, 0, 2))).svg
    assert len(cache._cache) == 1  # drawn once, kept under a digest of the chart's data
    assert render(_chart(values=(1, 0, 2))).svg == first and len(cache._cache) == 1
    changed = render(_chart(values=(1, 1, 2))).svg
    assert changed != first and len(cache._cache) == 2
