"""The analysis: graph views of a map (``views``), actor and network measures
(``centrality``, ``structural_holes``, ``centralisation``, ``brokerage``, ``structure``,
assembled by ``metrics``; their conventions in ``conventions``), warm introduction paths
(``paths``), engagement gaps (``gaps``) and the thresholds they share (``thresholds``)."""
