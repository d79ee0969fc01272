"""``python -m stakeholder_map`` — the same as the ``stakeholder-map`` command."""

from .cli import main

if __name__ == "__main__":
    main()
