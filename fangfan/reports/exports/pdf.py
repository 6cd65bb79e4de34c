"""附件1, 附件2 and the stage summary as PDF (ReportLab), with the CJK font embedded."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import definitions
from ..projects import ATTACHMENT_NUMBER as PROJECT_ATTACHMENT
from ..projects import FLAG_HEADER, ProjectRow
from ..projects import TITLE as PROJECT_TITLE
from ..sheet import Sheet
from ..summaries import SummaryFigure, sentence
from . import fonts
from .xlsx_layout import PROJECT_HEADERS, PROJECT_TAIL, date_text, project_values

ADJUSTED = colors.HexColor("#FFF2CC")
HEADER_BG = colors.HexColor("#F2F2F2")


class Styles:
    def __init__(self) -> None:
        regular, bold = fonts.register()
        self.attachment = ParagraphStyle("attachment", fontName=bold, fontSize=12, leading=16)
        self.title = ParagraphStyle("title", fontName=bold, fontSize=18, leading=26, alignment=TA_CENTER)
        self.left = ParagraphStyle("left", fontName=regular, fontSize=10, leading=14, alignment=TA_LEFT)
        self.right = ParagraphStyle("right", fontName=regular, fontSize=10, leading=14, alignment=TA_RIGHT)
        self.header = ParagraphStyle(
            "header", fontName=bold, fontSize=8.5, leading=11, alignment=TA_CENTER, wordWrap="CJK"
        )
        self.cell = ParagraphStyle(
            "cell", fontName=regular, fontSize=9, leading=12, alignment=TA_CENTER, wordWrap="CJK"
        )
        self.cell_bold = ParagraphStyle(
            "cell_bold", fontName=bold, fontSize=9, leading=12, alignment=TA_CENTER, wordWrap="CJK"
        )
        self.cell_left = ParagraphStyle(
            "cell_left", fontName=regular, fontSize=9, leading=12, alignment=TA_LEFT, wordWrap="CJK"
        )
        self.body = ParagraphStyle(
            "body", fontName=regular, fontSize=12, leading=22, firstLineIndent=24, wordWrap="CJK"
        )
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=24, spaceBefore=8)
        self.regular = regular


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawCentredString(doc.pagesize[0] / 2, 8 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def _document(buffer: io.BytesIO, title: str, pagesize: Any) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="防返",
    )


def _blank(header: tuple[str, str], style: ParagraphStyle) -> Paragraph:
    """The form's "_________区（市）" with the name on the line."""
    stem, words = header
    return Paragraph(f"<u>　{escape(stem)}　</u>{escape(words)}", style)


def _lines(st: Styles, width: float, pairs: Sequence[tuple[Any, str]]) -> Table:
    """Pairs of left and right header lines; a left ``(name, words)`` is the form's blank filled in."""
    table = Table(
        [[_blank(a, st.left) if isinstance(a, tuple) else _p(a, st.left), _p(b, st.right)] for a, b in pairs],
        colWidths=[width / 2, width / 2],
    )
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
]


def progress_lines(sheet: Sheet) -> list[tuple[str, str]]:
    """The header lines of 附件1 above its table, left and right."""
    return [
        (f"单位（公章）：{sheet.unit_name}", date_text(sheet.filled_on)),
        (f"{definitions.NOTE}{sheet.as_of}。", f"填表人：{sheet.filled_by}　　电话：{sheet.phone}"),
    ]


def progress_table(sheet: Sheet) -> tuple[list[list[Any]], list[tuple]]:
    """附件1's table as the PDF prints it, in plain values (two header rows, then each row's name
    and numbers), with its spans; ``progress_pdf`` typesets exactly these."""
    columns = list(sheet.columns)
    position = {c.key: i + 1 for i, c in enumerate(columns)}
    top: list[Any] = [sheet.row_header] + [""] * len(columns)
    second: list[Any] = [""] * (len(columns) + 1)
    spans: list[tuple] = [("SPAN", (0, 0), (0, 1))]
    for parent, subs in definitions.header_groups():
        if parent.key not in position:
            continue
        col = position[parent.key]
        top[col] = parent.header
        if subs:
            spans.append(("SPAN", (col, 0), (col + len(subs), 0)))
            for sub in subs:
                second[position[sub.key]] = sub.header
        else:
            spans.append(("SPAN", (col, 0), (col, 1)))
    rows = [[row.name, *(cell.value for cell in row.cells)] for row in sheet.rows]
    return [top, second, *rows], spans


def progress_pdf(sheet: Sheet) -> bytes:
    st = Styles()
    buffer = io.BytesIO()
    doc = _document(buffer, definitions.TITLE, landscape(A4))
    width = doc.width
    columns = list(sheet.columns)
    values, spans = progress_table(sheet)
    style = [*GRID, ("BACKGROUND", (0, 0), (-1, 1), HEADER_BG), *spans]
    data: list[list[Any]] = [[_p(v, st.header) if v else "" for v in line] for line in values[:2]]
    for r, (row, line) in enumerate(zip(sheet.rows, values[2:], strict=True), start=2):
        cell_style = st.cell_bold if row.is_total else st.cell
        data.append([_p(v, cell_style) for v in line])
        for c, cell in enumerate(row.cells, start=1):
            if cell.adjusted:
                style.append(("BACKGROUND", (c, r), (c, r), ADJUSTED))
    first_width = 30 * mm
    other = (width - first_width) / max(len(columns), 1)
    table = Table(data, colWidths=[first_width] + [other] * len(columns), repeatRows=2)
    table.setStyle(TableStyle(style))
    story = [
        _p(f"附件{definitions.ATTACHMENT_NUMBER}", st.attachment),
        _p(definitions.TITLE, st.title),
        _lines(st, width, progress_lines(sheet)),
        Spacer(1, 3 * mm),
        table,
    ]
    if any(cell.adjusted for row in sheet.rows for cell in row.cells):
        story += [Spacer(1, 2 * mm), _p("底色标出的数字为人工调整，理由见系统记录。", st.left)]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def project_list_pdf(
    header: tuple[str, str],
    rows: Sequence[ProjectRow],
    *,
    filled_by: str = "",
    phone: str = "",
    filled_on: dt.date | None = None,
) -> bytes:
    st = Styles()
    buffer = io.BytesIO()
    doc = _document(buffer, PROJECT_TITLE, landscape(A4))
    top: list[Any] = [_p(h, st.header) for h in PROJECT_HEADERS]
    top += [_p("带动就业人数", st.header), "", _p(FLAG_HEADER, st.header)]
    top += [_p(h, st.header) for h in PROJECT_TAIL]
    second: list[Any] = [""] * 10
    second[5] = _p("带动脱贫人口就业人数", st.header)
    style = [*GRID, ("BACKGROUND", (0, 0), (-1, 1), HEADER_BG), ("SPAN", (4, 0), (5, 0))]
    style += [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 3, 6, 7, 8, 9)]
    data = [top, second]
    for row in rows:
        values = project_values(row)
        data.append([_p(v, st.cell_left if i in (2, 3, 9) else st.cell) for i, v in enumerate(values)])
    widths_mm = (18, 10, 34, 66, 15, 18, 32, 18, 26, 28)
    scale = doc.width / (sum(widths_mm) * mm)
    table = Table(data, colWidths=[w * mm * scale for w in widths_mm], repeatRows=2)
    table.setStyle(TableStyle(style))
    story = [
        _p(f"附件{PROJECT_ATTACHMENT}", st.attachment),
        _p(PROJECT_TITLE, st.title),
        _lines(st, doc.width, [(header, date_text(filled_on))]),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
        _lines(st, doc.width, [(f"填表人：{filled_by}", f"电话：{phone}")]),
    ]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def summary_pdf(
    title: str,
    region_name: str,
    as_of: dt.date,
    figures: Sequence[SummaryFigure],
    experience: str,
    problems: str,
    footer: Sequence[str],
) -> bytes:
    st = Styles()
    buffer = io.BytesIO()
    doc = _document(buffer, title, A4)
    table = Table(
        [[_p("指标", st.header), _p("当年累计数", st.header)]]
        + [[_p(f.label, st.cell_left), _p(f"{f.value}{f.unit}", st.cell)] for f in figures],
        colWidths=[doc.width * 0.72, doc.width * 0.28],
        repeatRows=1,
    )
    table.setStyle(TableStyle([*GRID, ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG)]))
    story: list[Any] = [_p(title, st.title), Spacer(1, 4 * mm), _p("一、主要数据", st.heading)]
    story += [_p(sentence(region_name, as_of, list(figures)), st.body), Spacer(1, 2 * mm), table]
    for heading, text in (("二、典型经验做法", experience), ("三、问题困难", problems)):
        story.append(_p(heading, st.heading))
        story += [_p(part, st.body) for part in (text or "（未填写）").splitlines() if part.strip()]
    story += [Spacer(1, 8 * mm)] + [_p(line, st.right) for line in footer]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()
