"""Comparing two waves of one programme: the matching (``compare``) and its result
(``result``: joins, departures, engagement moves, ties, metrics side by side, gaps)."""
