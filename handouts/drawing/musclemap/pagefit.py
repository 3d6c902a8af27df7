"""Page budget: how tall the figures may be so a page's heading, key and legend still fit on one sheet.

The page and legend measures are read from assets/css/base.css, muscle-map.css and large-print.css
(handouts.drawing.page_measures), so a change to the CSS changes the budget with it. The heading allowances below are
sums of several rules (size, leading, margins) and are still counted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from handouts.drawing.musclemap.metrics import text_width, wrap
from handouts.drawing.page_measures import PT_PER_MM, box, length, number

LETTER_HEIGHT = 279.4 * PT_PER_MM
_MARGIN = box("base.css", "@page", "margin")
_LARGE_MARGIN = box("large-print.css", "@page", "margin")
# The smaller of US Letter and A4 is Letter; less its top and bottom margins and a safety allowance.
PAGE_HEIGHT = LETTER_HEIGHT - _MARGIN[0] - _MARGIN[2] - 14
PAGE_WIDTH = length("muscle-map.css", ".mm-legend", "width")
COLUMN_WIDTH = length("muscle-map.css", ".mm-column", "width")
ENTRY_INDENT = length("muscle-map.css", ".mm-entry", "padding-left")
ENTRY_GAP = box("muscle-map.css", ".mm-entry", "margin")[2]
BODY_SIZE = length("base.css", "body", "font-size")
ANATOMY_SIZE = 10.0
LEGEND_LEADING = BODY_SIZE * number("muscle-map.css", ".mm-entry", "line-height")
BODY_LEADING = BODY_SIZE * number("base.css", "body", "line-height")
H1 = 26 * 1.15 + 1 * PT_PER_MM
SUBTITLE = 15 * 1.15 + 1.5 * PT_PER_MM
INTRO_GAP = 2 * PT_PER_MM
KEY = 14 + 2 * PT_PER_MM
FIGURE_GAP = 3 * PT_PER_MM
GROUP_TITLE = 12.5 * 1.15 + 1 * PT_PER_MM + 0.6 * PT_PER_MM + 2 * PT_PER_MM


@dataclass(frozen=True)
class Budget:
    """The measures of the page above the figures; the defaults are the standard pack's."""

    page_height: float = PAGE_HEIGHT
    body: float = BODY_SIZE
    leading: float = BODY_LEADING
    h1: float = H1
    subtitle: float = SUBTITLE
    key: float = KEY
    legend: bool = True  # the legend shares the figures' page
    min_scale: float = 0.33  # points per figure unit below which the map takes another page


# large-print.css: 18 pt type and deeper page margins. The legend follows the figures rather than sharing
# their page, since a one-column legend at 18 pt takes about a page of its own; the figures are drawn larger.
LARGE_PRINT = Budget(
    page_height=LETTER_HEIGHT - _LARGE_MARGIN[0] - _LARGE_MARGIN[2] - 14,
    body=18.0,
    leading=18 * 1.3,
    h1=32 * 1.25 + 1 * PT_PER_MM,
    subtitle=22 * 1.25 + 1.5 * PT_PER_MM,
    key=3 * 18 * 1.3 + 2 * PT_PER_MM,
    legend=False,
    min_scale=0.45,
)

Entry = tuple[str, str, str]  # plain name, anatomical name (with ", deep" when deep), legend line


@lru_cache(maxsize=1024)
def entry_height(entry: Entry) -> float:
    """Height of one legend entry in its column."""
    room = COLUMN_WIDTH - ENTRY_INDENT
    plain, anatomy, note = entry
    name_lines = _mixed_lines([(w, 700, "normal", BODY_SIZE) for w in plain.split()]
                              + [(w, 400, "italic", ANATOMY_SIZE) for w in anatomy.split()], room)
    note_lines = len(wrap(note, BODY_SIZE, room))
    return (name_lines + note_lines) * LEGEND_LEADING + ENTRY_GAP


def _mixed_lines(words: Sequence[tuple[str, int, str, float]], room: float) -> int:
    lines, used = 1, 0.0
    for word, weight, style, size in words:
        w = text_width(word, size, weight, style)
        space = text_width(" ", size, weight, style) if used else 0.0
        if used and used + space + w > room:
            lines, used = lines + 1, w
        else:
            used += space + w
    return lines


def _blocks(groups: Sequence[tuple[str | None, Sequence[Entry]]]) -> list[float]:
    blocks = []
    for title, entries in groups:
        for i, entry in enumerate(entries):
            # A group heading never ends a column, so it travels with the group's first entry.
            blocks.append(entry_height(entry) + (GROUP_TITLE if title and i == 0 else 0.0))
    return blocks


def column_split(groups: Sequence[tuple[str | None, Sequence[Entry]]]) -> int:
    """How many entries, in order, go in the left column so the two columns come out most even."""
    blocks = _blocks(groups)
    total = sum(blocks)
    best, cut, running = total, len(blocks), 0.0
    for i, block in enumerate(blocks, start=1):
        running += block
        if max(running, total - running) < best:
            best, cut = max(running, total - running), i
    return cut


def legend_height(groups: Sequence[tuple[str | None, Sequence[Entry]]]) -> float:
    """Height of the two-column legend split by `column_split`."""
    blocks = _blocks(groups)
    cut = column_split(groups)
    # A group carried over to the right column repeats its heading there.
    carried = GROUP_TITLE if _carries_heading(groups, cut) else 0.0
    return max(sum(blocks[:cut]), sum(blocks[cut:]) + carried, 0.0)


def _carries_heading(groups: Sequence[tuple[str | None, Sequence[Entry]]], cut: int) -> bool:
    seen = 0
    for title, entries in groups:
        if seen < cut < seen + len(entries):
            return bool(title)
        seen += len(entries)
    return False


def header_height(subtitle: str | None, intro: str | None, budget: Budget = Budget()) -> float:
    """Heading, subtitle, intro and key above the figures."""
    height = budget.h1 + budget.key
    if subtitle:
        height += budget.subtitle
    if intro:
        height += len(wrap(intro, budget.body, PAGE_WIDTH)) * budget.leading + INTRO_GAP
    return height


def figure_room(subtitle: str | None, intro: str | None, groups: Sequence[tuple[str | None, Sequence[Entry]]],
                extra: float, budget: Budget = Budget()) -> float:
    """The height left for the figures once everything else on the page is counted (`extra`: captions, gaps)."""
    legend = legend_height(groups) if budget.legend else 0.0
    return budget.page_height - header_height(subtitle, intro, budget) - legend - FIGURE_GAP - extra
