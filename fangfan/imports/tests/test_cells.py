"""Cell parsers: option labels compare in one normal form on both sides."""

import pytest

from fangfan.imports import cells

LABELS = {"中职（中专、技校）": "vocational", "高职（大专）": "college", "初中": "junior"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("中职（中专、技校）", "vocational"),
        ("中职(中专、技校)", "vocational"),
        (" 高职 （大专） ", "college"),
        ("高职(大专)", "college"),
        ("初中", "junior"),
    ],
)
@pytest.mark.parametrize("options", [LABELS, cells.Options(LABELS)], ids=["dict", "options"])
def test_a_label_matches_whatever_brackets_and_spaces_the_sheet_uses(cell, expected, options):
    assert cells.choice(cell, options, "文化程度") == expected


def test_an_unknown_label_lists_the_labels_as_written():
    with pytest.raises(cells.CellError) as error:
        cells.choice("大学", LABELS, "文化程度")

    assert "文化程度“大学”不在可选范围内" in str(error.value)
    assert "中职（中专、技校）" in str(error.value)
