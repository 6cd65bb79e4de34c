from .progress import (
    Adjustment,
    CellKind,
    ProgressReport,
    ReportCell,
    ReportingRule,
    ReportStatus,
    ReportVersion,
    VersionStatus,
)
from .projects import LibraryEntry, Project, ProjectList, ProjectWorker
from .summaries import StageSummary, SummaryStatus

__all__ = [
    "Adjustment",
    "CellKind",
    "LibraryEntry",
    "ProgressReport",
    "Project",
    "ProjectList",
    "ProjectWorker",
    "ReportCell",
    "ReportStatus",
    "ReportVersion",
    "ReportingRule",
    "StageSummary",
    "SummaryStatus",
    "VersionStatus",
]
