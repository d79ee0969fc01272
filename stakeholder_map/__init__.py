"""stakeholder-map: map a collective-impact programme's stakeholders and its engagement gaps.

The public API, re-exported here by name (each from the module that defines it):

* reading — :func:`load`, :class:`LoadResult`, :func:`write_workbook`, :func:`synthesize`
  (``stakeholder_map.workbook``); the model's dataclasses and enums (``stakeholder_map.model``);
* analysis — :func:`build_views`, :func:`compute_metrics`, :class:`Metrics`,
  :func:`find_gaps`, :class:`Gap`, :data:`GAP_KINDS`, :func:`warm_path`, :func:`warm_paths`,
  :class:`Thresholds` (``stakeholder_map.analysis``);
* outputs — :func:`build_readiness_pack`, :func:`standalone_map`, :func:`write_export`,
  :func:`write_metrics`, :func:`write_gaps`, :func:`pseudonymise`
  (``stakeholder_map.outputs``); :func:`compare` (``stakeholder_map.waves``);
  :class:`Store` (``stakeholder_map.store``);
* errors — :class:`StakeholderMapError` and its subclasses (``stakeholder_map.errors``).

The analysis, outputs, waves and store names load their module on first use, so
``import stakeholder_map`` stays quick for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from stakeholder_map.errors import (
    ChartError,
    ExternalReference,
    InvalidWorkbook,
    Problem,
    PseudonymisationError,
    StakeholderMapError,
    UnknownGapKind,
    UnknownSample,
    UnsupportedFormat,
    WorkbookReadError,
)
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

if TYPE_CHECKING:
    from stakeholder_map.analysis.gaps import GAP_KINDS, Gap, find_gaps
    from stakeholder_map.analysis.metrics import Metrics, compute_metrics
    from stakeholder_map.analysis.paths import WarmPath, warm_path, warm_paths
    from stakeholder_map.analysis.thresholds import Thresholds
    from stakeholder_map.analysis.views import Views, build_views
    from stakeholder_map.outputs.graph_files import write_export
    from stakeholder_map.outputs.pseudonymise import pseudonymise
    from stakeholder_map.outputs.report.pack import build_readiness_pack
    from stakeholder_map.outputs.standalone_map import standalone_map
    from stakeholder_map.outputs.tables import write_gaps, write_metrics
    from stakeholder_map.store.database import Store
    from stakeholder_map.waves.compare import compare
    from stakeholder_map.waves.result import Comparison
    from stakeholder_map.workbook.synth import synthesize

__version__ = "0.1.0"

_LAZY = {
    "GAP_KINDS": "stakeholder_map.analysis.gaps",
    "Gap": "stakeholder_map.analysis.gaps",
    "find_gaps": "stakeholder_map.analysis.gaps",
    "Metrics": "stakeholder_map.analysis.metrics",
    "compute_metrics": "stakeholder_map.analysis.metrics",
    "WarmPath": "stakeholder_map.analysis.paths",
    "warm_path": "stakeholder_map.analysis.paths",
    "warm_paths": "stakeholder_map.analysis.paths",
    "Thresholds": "stakeholder_map.analysis.thresholds",
    "Views": "stakeholder_map.analysis.views",
    "build_views": "stakeholder_map.analysis.views",
    "write_export": "stakeholder_map.outputs.graph_files",
    "pseudonymise": "stakeholder_map.outputs.pseudonymise",
    "build_readiness_pack": "stakeholder_map.outputs.report.pack",
    "standalone_map": "stakeholder_map.outputs.standalone_map",
    "write_gaps": "stakeholder_map.outputs.tables",
    "write_metrics": "stakeholder_map.outputs.tables",
    "Store": "stakeholder_map.store.database",
    "compare": "stakeholder_map.waves.compare",
    "Comparison": "stakeholder_map.waves.result",
    "synthesize": "stakeholder_map.workbook.synth",
}
"""Public name → the module that defines it (loaded on first use)."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stakeholder_map' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

__all__ = [
    "CORE_SECTORS",
    "DEFAULT_SECTORS",
    "GAP_KINDS",
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementParty",
    "AgreementStatus",
    "ChartError",
    "Comparison",
    "Engagement",
    "ExternalReference",
    "Forum",
    "ForumMember",
    "ForumRole",
    "Gap",
    "InvalidWorkbook",
    "LoadResult",
    "Metrics",
    "Problem",
    "Programme",
    "PseudonymisationError",
    "Sector",
    "StakeholderMap",
    "StakeholderMapError",
    "Store",
    "Thresholds",
    "Tie",
    "TieType",
    "UnknownGapKind",
    "UnknownSample",
    "UnsupportedFormat",
    "Views",
    "WarmPath",
    "WorkbookReadError",
    "__version__",
    "build_readiness_pack",
    "build_views",
    "compare",
    "compute_metrics",
    "find_gaps",
    "load",
    "pseudonymise",
    "standalone_map",
    "synthesize",
    "warm_path",
    "warm_paths",
    "write_export",
    "write_gaps",
    "write_metrics",
    "write_workbook",
]
