"""Charts drawn on the server, one path for screen and paper: matplotlib → SVG for pages,
PNG for DOCX/XLSX/PDF, so a dashboard shows the same chart as the report it exports.

Why not a JavaScript library: offices run old PCs on weak connections and intranets without
a CDN, and a report must carry the same picture as the screen.

The SVG is made safe to put inline under the site's Content-Security-Policy (`style-src
'self'`, no inline styles): matplotlib writes `style="fill: …"` attributes and a `<style>`
element, which CSP would block (the chart would turn black). `svg_for_html` turns every
style declaration into the equivalent SVG presentation attribute (fill, stroke, …, which
CSP does not govern), drops the `<style>` element and metadata, prefixes every id so two
charts on one page do not clash, and adds a <title> for screen readers.

Text is Vietnamese: DejaVu Sans has every glyph with its diacritics; the SVG draws glyphs
as paths, so the reader needs no font. Figures use the object API (no pyplot global state),
which is safe in threaded servers.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ocop.core.text import format_number_vn

FONT = "DejaVu Sans"
# Colour-blind-safe palette (Okabe–Ito), dark enough on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
OK_COLOUR = "#1b5e20"
NOT_OK_COLOUR = "#b00020"
TARGET_COLOUR = "#6a1b9a"

RC = {
    "font.family": FONT,
    "font.size": 9,
    "svg.fonttype": "path",
    "svg.hashsalt": "ocop",  # deterministic ids: the same data gives the same SVG
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    colour: str | None = None
    # One colour per bar (e.g. green when the commune met its target), overrides `colour`.
    bar_colours: Sequence[str] | None = None


@dataclass(frozen=True)
class BarChart:
    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    value_label: str = ""
    horizontal: bool = False
    stacked: bool = False
    percent: bool = False  # values are %; axis 0–100
    targets: Sequence[float | None] | None = None  # one target mark per category
    target_label: str = "Chỉ tiêu"
    value_labels: bool = True
    width_in: float = 7.0
    height_in: float | None = None
    empty_text: str = "Chưa có dữ liệu"
    description: str = ""  # extra text for screen readers

    @property
    def has_data(self) -> bool:
        """Something to draw: a category with a value (zero counts) or a target."""
        if not self.categories:
            return False
        return any(value is not None for series in self.series for value in series.values) or bool(
            self.targets and any(target is not None for target in self.targets)
        )


@dataclass
class RenderedChart:
    chart: BarChart
    _svg: str | None = field(default=None, repr=False)
    _png: bytes | None = field(default=None, repr=False)

    @property
    def svg(self) -> str:
        if self._svg is None:
            self._svg = _cached_svg(self.chart)
        return self._svg

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = to_png(self.chart)
        return self._png

    @property
    def digest(self) -> str:
        return chart_digest(self.chart)

    def __html__(self) -> str:
        return self.svg

    def __str__(self) -> str:
        # {{ chart }} in a template renders the inline SVG (Django calls str() first).
        return SafeString(self.svg)


def _format(value: float, percent: bool) -> str:
    if percent:
        return f"{format_number_vn(value, 0 if float(value).is_integer() else 1)}%"
    return format_number_vn(value, 0 if float(value).is_integer() else 1)


def _wrap(label: str, width: int = 18, max_lines: int = 3) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "\n".join(lines)


def _matplotlib():
    """matplotlib, imported on first use: with numpy it is about 40 MB per server process,
    and most requests draw no chart (docs/performance.md, "Bộ nhớ của tiến trình")."""
    # matplotlib writes a font cache at import; the user's home may be read-only on a server.
    os.environ.setdefault("MPLCONFIGDIR", str(Path(tempfile.gettempdir()) / "ocop-matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def _figure(chart: BarChart) -> Figure:
    _matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    count = max(len(chart.categories), 1)
    if chart.horizontal:
        height = chart.height_in or max(2.2, 0.45 * count + 1.2)
    else:
        height = chart.height_in or 3.6
    figure = Figure(figsize=(chart.width_in, height), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(_wrap(chart.title, 70), loc="left", fontsize=11, fontweight="bold")
    if not chart.has_data:
        axes.set_axis_off()
        axes.text(0.5, 0.5, chart.empty_text, ha="center", va="center", fontsize=11, color="#555555",
                  transform=axes.transAxes)
        return figure
    positions = list(range(len(chart.categories)))
    series_count = max(len(chart.series), 1)
    group = 0.8
    bar = group if chart.stacked else group / series_count
    bottoms = [0.0] * len(positions)
    for index, series in enumerate(chart.series):
        values = [float(v) if v is not None else 0.0 for v in series.values]
        offsets = positions if chart.stacked else [p - group / 2 + bar * (index + 0.5) for p in positions]
        colours = list(series.bar_colours) if series.bar_colours else [series.colour or PALETTE[index % len(PALETTE)]] * len(values)
        if chart.horizontal:
            bars = axes.barh(offsets, values, height=bar, left=bottoms if chart.stacked else None,
                             color=colours, label=series.label)
        else:
            bars = axes.bar(offsets, values, width=bar, bottom=bottoms if chart.stacked else None,
                            color=colours, label=series.label)
        if chart.value_labels and not chart.stacked:
            labels = [_format(v, chart.percent) if raw is not None else "–" for v, raw in zip(values, series.values, strict=True)]
            axes.bar_label(bars, labels=labels, padding=2, fontsize=8)
        if chart.stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    if chart.targets:
        for position, target in zip(positions, chart.targets, strict=False):
            if target is None:
                continue
            if chart.horizontal:
                axes.plot([target, target], [position - group / 2, position + group / 2], color=TARGET_COLOUR, linewidth=2)
            else:
                axes.plot([position - group / 2, position + group / 2], [target, target], color=TARGET_COLOUR, linewidth=2)
        axes.plot([], [], color=TARGET_COLOUR, linewidth=2, label=chart.target_label)
    names = [_wrap(str(c)) for c in chart.categories]
    value_axis = axes.xaxis if chart.horizontal else axes.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _pos: _format(v, chart.percent)))
    value_axis.set_major_locator(MaxNLocator(integer=not chart.percent, nbins=6))
    if chart.horizontal:
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlabel(chart.value_label)
        if chart.percent:
            axes.set_xlim(0, 110)
    else:
        axes.set_xticks(positions, names, fontsize=8)
        axes.set_ylabel(chart.value_label)
        if chart.percent:
            axes.set_ylim(0, 110)
        else:
            axes.margins(y=0.15)
    if len(chart.series) > 1 or chart.targets:
        axes.legend(fontsize=8, frameon=False, loc="best")
    return figure


def to_svg(chart: BarChart) -> str:
    """The chart as matplotlib's SVG document (for files; see `svg_for_html` for pages)."""
    with _matplotlib().rc_context(RC):
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def to_png(chart: BarChart, *, dpi: int = 200) -> bytes:
    """The chart as PNG, for DOCX, XLSX and PDF."""
    with _matplotlib().rc_context(RC):
        figure = _figure(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


# Drawing is the slow part of a dashboard (text layout in matplotlib, ~0.1 s a chart). The
# same data always gives the same picture, so the page SVG is cached under a digest of the
# chart's data: nothing to invalidate, a change of data is a new key. Bump the version when
# the drawing code changes the look.
CHART_CACHE_VERSION = 1
CHART_CACHE_SECONDS = 24 * 3600


def chart_digest(chart: BarChart) -> str:
    """A digest of everything a chart shows (and of the drawing version): the cache key of its
    drawing. The same digest as the kept documents (ocop.core.generated): equal data, equal key."""
    from ocop.core.generated import data_digest

    return data_digest(CHART_CACHE_VERSION, chart)


def _cached_svg(chart: BarChart) -> str:
    from django.core.cache import cache

    key = f"ocop:chart:{chart_digest(chart)}"
    try:
        svg = cache.get(key)
    except Exception:  # noqa: BLE001 - without a cache, draw every time
        svg = None
    if svg is None:
        svg = svg_for_html(to_svg(chart), title=chart.title, description=chart.description)
        try:
            cache.set(key, svg, CHART_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            pass
    return svg


def render(chart: BarChart) -> RenderedChart:
    """Lazy: `.svg` for the page and `.png` for documents are drawn only when asked for."""
    return RenderedChart(chart)


_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
# Properties matplotlib writes; each is also an SVG presentation attribute.
_PRESENTATION = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity",
    "font-family", "font-size", "font-style", "font-weight", "text-anchor", "clip-rule", "display",
    "visibility", "color",
}


def _style_to_attributes(match: re.Match) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name in _PRESENTATION and value:
            attributes.append(f'{name}="{escape(value, quote=True)}"')
    return (" " + " ".join(attributes)) if attributes else ""


def svg_for_html(svg: str, *, title: str = "", description: str = "") -> str:
    """An SVG document made fit to inline in a page under a strict CSP (see module docstring)."""
    svg = _PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = svg.replace("<defs>\n  \n </defs>", "")
    svg = _STYLE_ATTR.sub(_style_to_attributes, svg)
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8]
    ids = set(_ID.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'xlink:href="#{old}"', f'xlink:href="#{new}"')
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    # The whole figure scales to its container; the old <style> defaults become attributes.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1width="100%"', svg, count=1)
    label = escape(title or "Biểu đồ", quote=True)
    head = f'<svg role="img" aria-labelledby="{prefix}-title" class="ocop-chart" stroke-linejoin="round" stroke-linecap="butt" '
    svg = svg.replace("<svg ", head, 1)
    text = escape(title or "Biểu đồ") + (f". {escape(description)}" if description else "")
    svg = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{prefix}-title">{text}</title>', svg, count=1)
    return svg.replace(f'aria-labelledby="{prefix}-title"', f'aria-labelledby="{prefix}-title" data-label="{label}"', 1).strip()
