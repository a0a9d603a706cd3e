"""Flatten the decision's HTML into a list of blocks with the stdlib `html.parser`.

The source (a Word document saved as HTML) is a sequence of top-level paragraphs and
tables. We keep exactly that: a `Paragraph` for every `<p>` outside tables and a `Table`
whose rows are lists of cells, each cell a list of its paragraph texts. Formatting tags
(`<b>`, `<span>`, `<a name>` …) are dropped; text is NFC-normalised and whitespace collapsed,
so irregular markup (e.g. set 19's heading split over two `<a>` anchors) reads like the
others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[tuple[str, ...], ...], ...]


Block = Paragraph | Table

# Tags that end a line of text inside a cell or at top level.
_BREAKING = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"}


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._depth = 0  # table nesting depth
        self._rows: list[tuple[tuple[str, ...], ...]] = []
        self._row: list[tuple[str, ...]] | None = None
        self._cell: list[str] | None = None
        self._text: list[str] = []

    # Text accumulates until a paragraph boundary; where it goes depends on the context.
    def _flush(self) -> None:
        text = clean_text("".join(self._text))
        self._text = []
        if not text:
            return
        if self._cell is not None:
            self._cell.append(text)
        elif self._depth == 0:
            self.blocks.append(Paragraph(text))
        # Text in a table but outside any cell (stray whitespace) is dropped.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._flush()
            self._depth += 1
            if self._depth == 1:
                self._rows = []
        elif tag == "tr" and self._depth == 1:
            self._flush()
            self._row = []
        elif tag in ("td", "th") and self._depth == 1:
            self._flush()
            self._cell = []
        elif tag in _BREAKING:
            self._flush()
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._flush()
            if self._depth == 1:
                self.blocks.append(Table(tuple(self._rows)))
                self._rows = []
            self._depth = max(0, self._depth - 1)
        elif tag in ("td", "th") and self._depth == 1:
            self._flush()
            if self._row is not None and self._cell is not None:
                self._row.append(tuple(self._cell))
            self._cell = None
        elif tag == "tr" and self._depth == 1:
            self._flush()
            if self._row is not None:
                self._rows.append(tuple(self._row))
            self._row = None
        elif tag in _BREAKING:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks
