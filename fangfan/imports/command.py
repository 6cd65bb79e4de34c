"""The import engine as a management command: ``import_<kind> FILE [--commit] [--skip-invalid] [--json]``.

Each domain app subclasses :class:`ImportCommand` with its ``kind``. The JSON
shape is the same for every kind; the exit status is 1 when nothing was
committed because of errors (or when a dry run found errors).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from . import engine
from .reader import ReadError, read_table
from .spec import spec_class


class ImportCommand(BaseCommand):
    kind: ClassVar[str]

    @property
    def help(self) -> str:  # type: ignore[override]
        return f"导入{spec_class(self.kind).title}（.xlsx/.xls/.csv）。默认只校验，加 --commit 才写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="校验通过后写入")
        parser.add_argument("--skip-invalid", action="store_true", help="跳过错误行，只写入正确的行")
        parser.add_argument("--json", action="store_true", help="以JSON输出结果")
        parser.add_argument("--user", help="以该用户身份导入（按其管辖区域校验）；缺省为系统")

    def handle(
        self,
        *args: Any,
        file: Path,
        commit: bool,
        skip_invalid: bool,
        json: bool,
        user: str | None,
        **options: Any,
    ) -> None:
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"用户“{user}”不存在") from None
        if not file.exists():
            raise CommandError(f"文件“{file}”不存在")
        spec = spec_class(self.kind)(actor)
        try:
            table = read_table(file)
        except ReadError as exc:
            outcome = engine.Outcome(errors=[engine.RowError(0, "", str(exc))])
        else:
            outcome = engine.run(
                spec,
                table,
                commit=commit,
                skip_invalid=skip_invalid,
                context={"file": file.name, "command": True},
            )
        if json:
            self.stdout.write(_json(outcome.as_json()))
        else:
            self._report(outcome, commit)
        if outcome.errors and not outcome.committed:
            sys.exit(1)

    def _report(self, outcome: engine.Outcome, commit: bool) -> None:
        c = outcome.counts
        verb = (
            "已写入"
            if outcome.committed
            else ("未写入" if commit else "校验结果（未写入，加 --commit 写入）")
        )
        self.stdout.write(
            f"{verb}：共{outcome.rows}行，新增{c.created}，更新{c.updated}，无变化{c.unchanged}，"
            f"错误{outcome.error_rows}行"
        )
        for e in outcome.errors[:200]:
            where = f"第{e.row}行" + (f"“{e.column}”" if e.column else "")
            self.stderr.write(f"{where}：{e.message}")
        if len(outcome.errors) > 200:
            self.stderr.write(f"……另有{len(outcome.errors) - 200}条错误未列出（用 --json 查看全部）")


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
