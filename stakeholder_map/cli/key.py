"""``key new``: a fresh random key for ``--pseudonymise``."""

from __future__ import annotations

import secrets

import click

__all__ = ["key"]

KEY_BYTES = 32
"""Random bytes in a new key (256 bits; printed as 43 URL-safe characters)."""


@click.group()
def key() -> None:
    """Pseudonymisation keys: "key new" prints a fresh one.

    \b
    Example:
      export STAKEHOLDER_MAP_KEY="$(stakeholder-map key new)"
      stakeholder-map export sample_data/kehila_metiva --pseudonymise -o shared.gexf
    """


@key.command("new")
def new() -> None:
    """Print a fresh random key for --pseudonymise.

    43 characters from 32 random bytes (Python's secrets.token_urlsafe), on
    standard output.

    Keep it private and keep it: the same key gives the same pseudonyms in every
    wave, and anyone holding it can test guessed ids against the pseudonyms.

    \b
    Example:
      stakeholder-map key new > ~/.stakeholder-map-key && chmod 600 ~/.stakeholder-map-key
    """
    click.echo(secrets.token_urlsafe(KEY_BYTES))
