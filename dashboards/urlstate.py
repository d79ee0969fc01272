"""The view lives in the URL: programme, wave, page and filters, so a link opens the same view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

__all__ = ["merge_query", "parse_query", "query_int", "query_list"]


def parse_query(search: str | None) -> dict[str, list[str]]:
    """``?a=1&b=x&b=y`` → ``{"a": ["1"], "b": ["x", "y"]}``."""
    return parse_qs((search or "").lstrip("?"), keep_blank_values=False)


def query_int(query: dict[str, list[str]], key: str) -> int | None:
    values = query.get(key) or []
    try:
        return int(values[0]) if values else None
    except ValueError:
        return None


def query_list(query: dict[str, list[str]], key: str) -> list[str]:
    return [v for value in query.get(key, []) for v in value.split(",") if v]


def merge_query(search: str | None, **updates: object) -> str:
    """The query string with ``updates`` applied (None or empty removes a key); keys sorted.

    >>> merge_query("?wave=2&sector=public", sector=["public", "business"], q=None)
    '?sector=public%2Cbusiness&wave=2'
    """
    query = {k: v[0] if len(v) == 1 else ",".join(v) for k, v in parse_query(search).items()}
    for key, value in updates.items():
        if value is None or value == "" or value == []:
            query.pop(key, None)
        elif isinstance(value, (list, tuple)):
            query[key] = ",".join(str(v) for v in value)
        else:
            query[key] = str(value)
    return "?" + urlencode(sorted(query.items())) if query else ""
