"""``stakeholder-map dashboard``: the dashboard's own command.

The library's command line finds it through the ``stakeholder_map.commands`` entry point
(see ``pyproject.toml``), so the library never imports the dashboard, and a library-only
install says how to add it instead of failing on a missing import.
"""

from __future__ import annotations

import click

__all__ = ["dashboard"]


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

    app = create_app(db_url, samples=None if no_samples else SAMPLES_DIR,
                     max_upload_mb=max_upload_mb, warm_up=True, allowed_hosts=[host])
    click.echo(f"stakeholder-map dashboard on http://{host}:{port}/ (Ctrl+C to stop)")
    names = ", ".join(sorted(app.server.config["SM_ALLOWED_HOSTS"]))
    click.echo(f"It answers to the host names {names} (add others with {ALLOWED_HOSTS_ENV}).")
    app.run(host=host, port=port, debug=False)
