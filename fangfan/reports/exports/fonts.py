"""The CJK font of the PDFs: Noto Serif SC (思源宋体), TrueType, from the npm package
``@expo-google-fonts/noto-serif-sc`` that ``make setup`` installs into node_modules.

A TrueType (glyf) font is what ReportLab can embed and subset; Debian's Noto CJK ships
CFF-based OpenType that it cannot. Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "NotoSerifSC"
BOLD = "NotoSerifSC-Bold"


class FontMissing(RuntimeError):
    """The font package is not installed; the message says how to install it."""


def font_dir() -> Path:
    return Path(settings.NODE_MODULES) / "@expo-google-fonts" / "noto-serif-sc"


@cache
def register() -> tuple[str, str]:
    regular = font_dir() / "400Regular" / "NotoSerifSC_400Regular.ttf"
    bold = font_dir() / "700Bold" / "NotoSerifSC_700Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontMissing(
            "生成PDF所需的中文字体（思源宋体 Noto Serif SC）未安装，请在项目目录运行 make setup。"
        )
    pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
