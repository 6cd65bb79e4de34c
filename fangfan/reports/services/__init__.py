"""Every state change of the reports app. Views, commands and tests call these."""

from .progress import (
    adjust,
    approve,
    reopen,
    return_report,
    send_back,
    send_for_review,
    start_report,
    submit,
    update_header,
    withdraw_adjustment,
)
from .projects import (
    add_to_library,
    add_worker,
    create_project,
    open_project_list,
    remove_from_library,
    return_project_list,
    submit_project_list,
    update_project,
    update_worker,
)
from .summaries import return_summary, start_summary, submit_summary, update_summary

__all__ = [
    "add_to_library",
    "add_worker",
    "adjust",
    "approve",
    "create_project",
    "open_project_list",
    "remove_from_library",
    "reopen",
    "return_project_list",
    "return_report",
    "return_summary",
    "send_back",
    "send_for_review",
    "start_report",
    "start_summary",
    "submit",
    "submit_project_list",
    "submit_summary",
    "update_header",
    "update_project",
    "update_summary",
    "update_worker",
    "withdraw_adjustment",
]
