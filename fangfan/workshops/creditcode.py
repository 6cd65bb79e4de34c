"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17."""

from __future__ import annotations

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """A bad code; the message is for the user, in Chinese."""


def check_char(first17: str) -> str:
    total = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARS[(31 - total % 31) % 31]


def parse(raw: str) -> str:
    """The code in upper case, or CreditCodeError saying what is wrong. Empty stays empty."""
    code = "".join(str(raw or "").split()).upper()
    if not code:
        return ""
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，实为{len(code)}位")
    bad = sorted({c for c in code if c not in CHARS})
    if bad:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（不使用I、O、Z、S、V）")
    expected = check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(f"统一社会信用代码校验位不正确（末位应为{expected}），请核对是否录错")
    return code
