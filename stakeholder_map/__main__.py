"""``python -m stakeholder_map`` — the same as the ``stakeholder-map`` command."""

from stakeholder_map.cli.main import main

if __name__ == "__main__":
    main()
