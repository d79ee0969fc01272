"""``stakeholder-map dashboard``: the dashboard's own command.

The library's command line finds it through the ``stakeholder_map.commands`` entry point
(see ``pyproject.toml``), so the library never imports the dashboard, and a library-only
install says how to add it instead of failing on a missing import.
"""

from __future__ import annotations

import ipaddress

import click

__all__ = ["dashboard", "is_loopback"]


def is_loopback(host: str) -> bool:
    """True when ``host`` is reached only from this machine.

    >>> [is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost")]
    [True, True, True, True, True]
    >>> [is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.5", "map.example.org")]
    [False, False, False, False]
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost: it may resolve anywhere
        return False


def _bind(host: str, port: int) -> str:
    return f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"


@click.command()
@click.option("--db", "db_url", envvar="STAKEHOLDER_MAP_DB",
              help="Database URL [default: a SQLite file in your user data folder; "
                   "env STAKEHOLDER_MAP_DB].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this machine by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="Largest workbook the Data page accepts.")
@click.option("--no-samples", is_flag=True,
              help="Do not import the bundled sample programmes into an empty store.")
def dashboard(db_url: str | None, host: str, port: int, max_upload_mb: int,
              no_samples: bool) -> None:
    """Open the planner's dashboard in your browser (on the sample programmes at first start).

    \b
    Example:
      stakeholder-map dashboard
      stakeholder-map dashboard --db postgresql+psycopg://user:pw@db/stakeholders --port 8080
    """
    try:
        from dashboards.app import create_app
    except ImportError as exc:
        raise click.ClickException(
            f"the dashboard needs packages that are not installed ({exc.name}): "
            "pip install 'stakeholder-map[dashboard]'") from exc
    from dashboards.serving import ALLOWED_HOSTS_ENV
    from stakeholder_map.samples import SAMPLES_DIR
    from stakeholder_map.workbook.isolated import ChildLimits

    try:
        ChildLimits.from_env()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if not is_loopback(host):
        click.echo(
            f"Warning: {host} is reachable from other machines, and this development server "
            "is meant for one person. For a team, run the production server instead:\n"
            f"  {ALLOWED_HOSTS_ENV}=<your host name> gunicorn --workers 2 --threads 4 "
            f"--timeout 300 --bind {_bind(host, port)} dashboards.wsgi:server\n"
            "behind a reverse proxy with HTTPS and a login (see docs/deployment.md).",
            err=True)
    app = create_app(db_url, samples=None if no_samples else SAMPLES_DIR,
                     max_upload_mb=max_upload_mb, warm_up=True, allowed_hosts=[host])
    click.echo(f"stakeholder-map dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    names = ", ".join(sorted(app.server.config["SM_ALLOWED_HOSTS"]))
    click.echo(f"It answers to the host names {names} (add others with {ALLOWED_HOSTS_ENV}).")
    app.run(host=host, port=port, debug=False)
