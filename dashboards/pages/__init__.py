"""One module per page; each has ``layout(query)`` and declares its own callbacks."""

from __future__ import annotations

from types import ModuleType

from . import compare, data, engagement, gaps, metrics, sectors
from . import map as map_page

__all__ = ["MODULES", "page_module"]

MODULES: dict[str, ModuleType] = {
    "map": map_page, "gaps": gaps, "sectors": sectors, "engagement": engagement,
    "metrics": metrics, "compare": compare, "data": data,
}
"""Page name (as in ``dashboards.app.PAGES``) → its module."""


def page_module(name: str) -> ModuleType:
    """The module of a page."""
    return MODULES[name]
