"""The readiness pack a facilitator prints: assembled in ``pack`` from its sections
(``sections``, ``scorecard``, ``checklist``), the network picture (``network``) and the
charts (``charts``)."""
