"""What every response and every callback request go through, before any page code runs.

- **Hosts.** A request whose ``Host`` is not one of the configured names (this machine's,
  ``allowed_hosts`` and those in ``STAKEHOLDER_MAP_ALLOWED_HOSTS``) gets a 400
  (a DNS-rebinding page cannot talk to the dashboard under its own name); a callback
  POST whose ``Origin`` names another host gets a 403 (no cross-origin JSON posts).
- **Callback requests** must have the shape dash-renderer sends (an object naming a
  registered callback, lists of ``{"id", "property", "value"}``); JSON nested too deep
  to parse, or any other shape, is a 400 with a one-line JSON reason.
- **Headers.** Every response says ``nosniff``, may not be framed, sends no referrer to
  other sites and carries a Content-Security-Policy: scripts only from the server itself
  plus the hashes of Dash's own inline scripts. (The referrer policy is ``same-origin``,
  not ``no-referrer``: the layout request's own Referer tells the server which page to
  put inside the first layout.)
- **Safety net.** An exception escaping a callback anyway is logged (logger
  ``dashboards.serving``) and answered with a 400 and a short JSON message, never a
  500 with a traceback. The callbacks validate their inputs (``dashboards.guard``):
  this is for what they miss, and the fuzz test fails if it ever fires.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import dash
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

__all__ = ["ALLOWED_HOSTS_ENV", "DEFAULT_HOSTS", "UPDATE_PATH", "content_security_policy",
           "install"]

DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""Host names always allowed: this machine."""

UPDATE_PATH = "/_dash-update-component"

ALLOWED_HOSTS_ENV = "STAKEHOLDER_MAP_ALLOWED_HOSTS"
"""Environment variable: more host names, separated by commas (e.g. ``map.example.org``)."""

log = logging.getLogger(__name__)


def _host_name(host: str) -> str:
    """``example.org:8050`` → ``example.org``; ``[::1]:8050`` → ``[::1]`` (lower case)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def content_security_policy(app: dash.Dash) -> str:
    """The policy: everything from the server itself, Dash's inline scripts by hash."""
    scripts = " ".join(["'self'", *app.csp_hashes()])    # hashes come quoted
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        # plotly, AG Grid and cytoscape insert <style> elements of their own
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _refuse(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _callback_shape_problem(body: Any, callbacks: dict[str, Any]) -> str | None:
    """Why a callback request is not one dash-renderer would send (None if it is)."""
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        return "'output' must name a callback of this dashboard"
    if body.get("outputs") != _outputs(output):
        return f"'outputs' must be the outputs of {output[:200]!r}"
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list) or not all(
                isinstance(i, dict) and isinstance(i.get("property"), str) and "id" in i
                for i in items):
            return f"'{key}' must be a list of {{id, property, value}} objects"
    spec = callbacks[output]
    if len(body.get("inputs", [])) != len(spec["inputs"]) or \
            len(body.get("state", [])) != len(spec["state"]):
        return f"callback {output!r} takes {len(spec['inputs'])} input(s) and " \
               f"{len(spec['state'])} state value(s)"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "'changedPropIds' must be a list of strings"
    return None


def _outputs(output: str) -> Any:
    """The ``outputs`` dash-renderer sends for a callback named ``output``.

    ``a.b`` is one output ``{"id": "a", "property": "b"}``; ``..a.b...c.d..`` is a list.
    (This dashboard has no pattern-matching ids, whose ids are JSON objects.)
    """
    def one(name: str) -> dict[str, str]:
        component, _, prop = name.rpartition(".")
        return {"id": component, "property": prop}

    if output.startswith("..") and output.endswith(".."):
        return [one(part) for part in output[2:-2].split("...")]
    return one(output)


def install(app: dash.Dash, allowed_hosts: Iterable[str]) -> None:
    """Host and Origin checks, callback request checks, security headers, the safety net."""
    server: Flask = app.server
    from_env = os.environ.get(ALLOWED_HOSTS_ENV, "").split(",")
    hosts = frozenset(_host_name(h) for h in (*DEFAULT_HOSTS, *allowed_hosts, *from_env)
                      if h.strip())
    server.config["SM_ALLOWED_HOSTS"] = hosts
    update_path = app.config.routes_pathname_prefix.rstrip("/") + UPDATE_PATH
    policy: list[str] = []     # computed on the first response, once every script is known

    @server.before_request
    def check_request() -> Response | None:
        host = _host_name(request.host)
        if host not in hosts:
            return _refuse(400, f"this dashboard does not answer to the host name {host!r}; "
                                f"add it to the environment variable {ALLOWED_HOSTS_ENV} (names "
                                "separated by commas) or to create_app(allowed_hosts=...)")
        if request.method != "POST" or request.path != update_path:
            return None
        origin = request.headers.get("Origin")
        if origin is not None and _host_name(urlsplit(origin).netloc) not in hosts:
            return _refuse(403, f"cross-origin request from {origin[:200]!r} refused")
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            return _refuse(400, "the request body is nested too deeply")
        if body is None:
            return _refuse(400, "the request body must be JSON (application/json)")
        problem = _callback_shape_problem(body, app.callback_map)
        return _refuse(400, problem) if problem else None

    @server.after_request
    def add_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @server.errorhandler(Exception)
    def safety_net(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return error
        if request.path != update_path:
            raise error
        log.error("callback %s failed", _output_name(), exc_info=error)
        return _refuse(400, f"this request could not be answered ({type(error).__name__})")


def _output_name() -> str:
    body = request.get_json(silent=True)
    output = body.get("output") if isinstance(body, dict) else None
    return repr(output[:200]) if isinstance(output, str) else "(unknown)"
