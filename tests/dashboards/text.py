"""The words a Dash component tree shows, as one string (as a browser would read them)."""

from __future__ import annotations

from typing import Any


def visible_text(component: Any) -> str:
    """The text of ``component`` and every child, in order, joined with nothing between
    (a sentence split around a ``Bdi`` reads whole again); a component may also be given
    as a callback's answer serialises it (``{"props": {"children": …}, "type": …}``)."""
    if component is None or isinstance(component, bool):
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return "".join(visible_text(c) for c in component)
    if isinstance(component, dict):
        return visible_text(component.get("props", {}).get("children"))
    return visible_text(getattr(component, "children", None))
