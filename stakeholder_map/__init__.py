"""stakeholder-map: map a collective-impact programme's stakeholders and its engagement gaps."""

from stakeholder_map.errors import InvalidWorkbook, Problem, StakeholderMapError, WorkbookReadError
from stakeholder_map.model import (
    CORE_SECTORS,
    DEFAULT_SECTORS,
    Actor,
    ActorKind,
    Agreement,
    AgreementParty,
    AgreementStatus,
    Engagement,
    Forum,
    ForumMember,
    ForumRole,
    Programme,
    Sector,
    StakeholderMap,
    Tie,
    TieType,
)
from stakeholder_map.workbook.validate import LoadResult, load
from stakeholder_map.workbook.write import write_workbook

__version__ = "0.1.0"

__all__ = [
    "CORE_SECTORS",
    "DEFAULT_SECTORS",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementParty",
    "AgreementStatus",
    "Engagement",
    "Forum",
    "ForumMember",
    "ForumRole",
    "InvalidWorkbook",
    "LoadResult",
    "Problem",
    "Programme",
    "Sector",
    "StakeholderMap",
    "StakeholderMapError",
    "Tie",
    "TieType",
    "WorkbookReadError",
    "__version__",
    "load",
    "write_workbook",
]
