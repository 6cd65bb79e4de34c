"""The audit trail of an instrument's page, in words: the instruments' own verbs
(认定, 测算, 公示, 发放, 续签 …) added to those the audit app knows."""

from __future__ import annotations

from typing import Any

from fangfan.audit.presentation import present as present_events

VERBS = {
    "certify": "认定",
    "upgrade": "升级为基地",
    "exit": "退出",
    "track": "动态调整",
    "compute": "测算奖补",
    "approve": "审核通过",
    "return": "退回",
    "save": "评估",
    "close": "截止或撤销",
    "publicise": "登记公示",
    "pay": "发放",
    "renew": "续签",
    "link": "关联台账",
    "review": "核实",
    "redetect": "再次发现",
    "clear": "不再出现",
}


def present(events: Any) -> list[tuple[Any, str, list[Any]]]:
    shown = []
    for event, verb, lines in present_events(events):
        if verb == event.action:
            verb = VERBS.get(event.action.rsplit(".", 1)[-1], verb)
        shown.append((event, verb, lines))
    return shown
