import datetime as dt

import pytest

from fangfan.registry import idnumber
from fangfan.registry.idnumber import IdNumberError, check_char


def with_check(first17: str) -> str:
    return first17 + check_char(first17)


def test_a_valid_number_gives_birth_date_and_sex():
    parsed = idnumber.parse(with_check("37040619900101123"))

    assert parsed.birth_date == dt.date(1990, 1, 1)
    assert parsed.sex == "M"  # 17th digit 3 is odd
    assert parsed.address_code == "370406"


def test_the_published_example_check_character_x():
    # GB 11643-1999 appendix example: 11010519491231002X.
    assert idnumber.parse("11010519491231002x").id_number == "11010519491231002X"


GOOD = with_check("37040619900101124")


@pytest.mark.parametrize("wrong", [c for c in "0123456789X" if c != GOOD[-1]])
def test_a_wrong_check_character_is_refused_and_the_right_one_named(wrong):
    with pytest.raises(IdNumberError, match=f"末位应为{GOOD[-1]}"):
        idnumber.parse(GOOD[:-1] + wrong)


def test_the_20_digit_disability_card_is_split_into_id_and_disability():
    parsed = idnumber.parse(with_check("37040619900101124") + "42")

    assert len(parsed.id_number) == 18
    assert parsed.sex == "F"
    assert (parsed.disability_category, parsed.disability_grade) == ("4", "2")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (3.704061990010112e17, "Excel存成了数字"),
        ("3.70406E+17", "科学计数法"),
        ("370406900101123", "15位旧身份证号"),
        ("3704061990010112", "应为18位"),
        ("37040619901301123X", "出生日期"),
        ("", "不能为空"),
        (with_check("37040619900101124") + "92", "残疾类别"),
    ],
)
def test_mangled_and_malformed_numbers_are_refused_with_a_reason(raw, message):
    with pytest.raises(IdNumberError, match=message):
        idnumber.parse(raw)


def test_spaces_full_width_digits_and_a_trailing_dot_zero_are_cleaned():
    number = with_check("37040619900101123")
    spaced = " " + number[:6] + " " + number[6:] + " "
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)

    assert idnumber.parse(spaced).id_number == number
    assert idnumber.parse(full_width).id_number == number
