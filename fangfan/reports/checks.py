"""A system check: every column of 附件1 names a figure that some app registers."""

from __future__ import annotations

from django.core.checks import Warning, register

from fangfan.core import figures

from . import definitions


@register()
def figures_registered(app_configs, **kwargs):
    known = figures.all_figures()
    return [
        Warning(
            f"附件1栏目“{column.header}”的指标 {column.figure_key} 尚未登记，推进情况表无法计算。",
            hint="合并登记该指标的应用（其 AppConfig.figures_module），或在 reports.definitions.FIGURE_KEYS 中改指已登记的指标。",
            id="reports.W001",
        )
        for column in definitions.COLUMNS
        if column.figure_key not in known
    ]
