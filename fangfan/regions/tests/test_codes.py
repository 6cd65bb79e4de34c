import pytest

from fangfan.regions.codes import Level, ancestor_codes, level_of, normalise, prefix_of


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("37", Level.PROVINCE),
        ("3704", Level.CITY),
        ("370406", Level.COUNTY),
        ("370406106", Level.TOWNSHIP),
        ("370406106201", Level.VILLAGE),
        ("441900003000", Level.TOWNSHIP),
    ],
)
def test_level_follows_from_the_code(code, level):
    assert level_of(code) == level


def test_prefix_and_ancestors():
    assert prefix_of("370406106201") == "370406106201"
    assert prefix_of("370406000000") == "370406"
    assert ancestor_codes("370406106201") == [
        "370000000000",
        "370400000000",
        "370406000000",
        "370406106000",
        "370406106201",
    ]


@pytest.mark.parametrize("bad", ["3", "37040", "37a4", ""])
def test_malformed_codes_are_refused(bad):
    with pytest.raises(ValueError, match="区划代码"):
        normalise(bad)
