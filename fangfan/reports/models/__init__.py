from .progress import Adjustment, CellKind, ProgressReport, ReportCell, ReportingRule, ReportVersion
from .projects import LibraryEntry, Project, ProjectList, ProjectListVersion, ProjectWorker
from .summaries import StageSummary, SummaryVersion
from .workflow import ReportStatus, VersionStatus

__all__ = [
    "Adjustment",
    "CellKind",
    "LibraryEntry",
    "ProgressReport",
    "Project",
    "ProjectList",
    "ProjectListVersion",
    "ProjectWorker",
    "ReportCell",
    "ReportStatus",
    "ReportVersion",
    "ReportingRule",
    "StageSummary",
    "SummaryVersion",
    "VersionStatus",
]
