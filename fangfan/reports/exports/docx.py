"""The stage summary (阶段性总结) as a Word document (python-docx)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..summaries import SummaryFigure, sentence

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str = BODY_FONT, size: float = 16, indent: bool = True, align=None):
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size)
    return paragraph


def summary_docx(
    title: str,
    region_name: str,
    as_of: dt.date,
    figures: Sequence[SummaryFigure],
    experience: str,
    problems: str,
    footer: Sequence[str],
) -> bytes:
    doc = Document()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), TITLE_FONT, 22)
    _paragraph(doc, "一、主要数据", HEADING_FONT, indent=True)
    _paragraph(doc, sentence(region_name, as_of, list(figures)))
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "当年累计数"), strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
    for f in figures:
        row = table.add_row().cells
        _font(row[0].paragraphs[0].add_run(f.label), BODY_FONT, 12)
        _font(row[1].paragraphs[0].add_run(f"{f.value}{f.unit}"), BODY_FONT, 12)
    for heading_text, text in (("二、典型经验做法", experience), ("三、问题困难", problems)):
        _paragraph(doc, heading_text, HEADING_FONT)
        for part in (text or "（未填写）").splitlines():
            if part.strip():
                _paragraph(doc, part.strip())
    for line in footer:
        _paragraph(doc, line, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
