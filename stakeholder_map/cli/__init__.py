"""The ``stakeholder-map`` command line: a thin layer over the library.

One module per command group (``analysis``: metrics, gaps, paths; ``store``: import;
``compare``; ``outputs``: html, export; ``report``; ``samples``), the options and
helpers they share in ``common``, and the group itself, with ``validate`` and ``synth``,
in ``main`` (the console script is ``stakeholder_map.cli.main:main``).
"""
