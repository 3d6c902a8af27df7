"""Page measures come from the stylesheets: the muscle map's page budget follows the CSS, not a copy of it."""

import pytest

from handouts.drawing import page_measures
from handouts.drawing.page_measures import PT_PER_MM, MeasureMissing, box, length, number


@pytest.fixture
def css_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(page_measures, "_css_dir", lambda: tmp_path)
    page_measures.declarations.cache_clear()
    yield tmp_path
    page_measures.declarations.cache_clear()


def test_lengths_and_shorthands_are_read_as_css_expands_them(css_dir):
    (css_dir / "a.css").write_text(
        "@page { margin: 20mm 15mm 22mm; @top-left { padding: 1mm; } }\n"
        ".x { width: 1in; margin: 0 0 1.8mm; line-height: 1.4; padding-left: 12pt; }\n",
        encoding="utf-8",
    )
    assert box("a.css", "@page", "margin") == pytest.approx((20 * PT_PER_MM, 15 * PT_PER_MM, 22 * PT_PER_MM,
                                                             15 * PT_PER_MM))
    assert length("a.css", ".x", "width") == 72 and length("a.css", ".x", "padding-left") == 12
    assert box("a.css", ".x", "margin")[2] == pytest.approx(1.8 * PT_PER_MM)
    assert number("a.css", ".x", "line-height") == 1.4


def test_a_measure_the_css_dropped_is_named(css_dir):
    (css_dir / "a.css").write_text(".x { width: auto; }", encoding="utf-8")
    with pytest.raises(MeasureMissing, match=r"assets/css/a.css: '.x' width is not a plain length"):
        length("a.css", ".x", "width")
    with pytest.raises(MeasureMissing, match="no longer sets 'height'"):
        length("a.css", ".x", "height")


def test_the_map_budget_follows_the_shipped_css():
    from handouts.drawing.musclemap import pagefit

    top, _, bottom, _ = box("base.css", "@page", "margin")
    assert pytest.approx(279.4 * PT_PER_MM - top - bottom - 14) == pagefit.PAGE_HEIGHT
    assert length("muscle-map.css", ".mm-column", "width") == pagefit.COLUMN_WIDTH
    # Two legend columns and their gap fit the legend's width, as the CSS floats them.
    gap = length("muscle-map.css", ".mm-column + .mm-column", "margin-left")
    assert 2 * pagefit.COLUMN_WIDTH + gap <= pagefit.PAGE_WIDTH
