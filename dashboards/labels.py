"""Words the dashboard shows for the library's identifiers, in the visit's language.

The library names engagement levels, tie types, actor kinds, agreement statuses, forum
roles, default sectors, gap kinds and measures by English identifiers — a contract with
workbooks and machine formats, never translated. A page shows them through these
tables (marked with ``N_``, translated when shown); an identifier a table does not know
(a sector a programme adds itself, a gap kind from a newer library) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from stakeholder_map.i18n import N_
from stakeholder_map.i18n import gettext as _
from stakeholder_map.model import DEFAULT_SECTORS, StakeholderMap

__all__ = ["ACTOR_KINDS", "AGREEMENT_STATUSES", "ENGAGEMENT", "FORUM_ROLES", "GAP_KINDS",
           "MEASURES", "PROBLEM_LEVELS", "SECTORS", "TIE_TYPES", "label", "sector_label",
           "sector_names"]

ENGAGEMENT: dict[str, str] = {
    "unaware": N_("unaware"), "resistant": N_("resistant"), "passive": N_("passive"),
    "supportive": N_("supportive"), "active": N_("active"), "leading": N_("leading"),
}
"""The rungs of the engagement ladder, lowest first."""

TIE_TYPES: dict[str, str] = {
    "influence": N_("influence"), "collaboration": N_("collaboration"),
    "communication": N_("communication"), "funding": N_("funding"),
    "reports_to": N_("reports to"), "tension": N_("tension"),
}

ACTOR_KINDS: dict[str, str] = {
    "organisation": N_("organisation"), "unit": N_("unit"), "person": N_("person"),
    "group": N_("group"),
}

AGREEMENT_STATUSES: dict[str, str] = {
    "draft": N_("draft"), "signed": N_("signed"), "active": N_("in force"),
    "expired": N_("expired"), "terminated": N_("terminated"),
}

FORUM_ROLES: dict[str, str] = {
    "chair": N_("chair"), "secretary": N_("secretary"), "coordinator": N_("coordinator"),
    "member": N_("member"),
}

SECTORS: dict[str, str] = {
    "public": N_("Public sector"), "business": N_("Business"),
    "civil_society": N_("Civil society"), "academia": N_("Academia"),
    "philanthropy": N_("Philanthropy"), "community": N_("Community"), "media": N_("Media"),
}
"""The default sectors, by the library's names for them (the readiness pack and the charts
say the same); a programme's own sectors are shown by the name it gives them."""

GAP_KINDS: dict[str, str] = {
    "actor_engagement_gap": N_("below target engagement"),
    "passive_influential": N_("influential but passive"),
    "resistant_influential": N_("influential and resistant"),
    "informal_influencer_unengaged": N_("informal influencer not engaged"),
    "missing_sector": N_("missing sector"),
    "forum_sector_gap": N_("forum lacks a sector"),
    "sector_pair_without_ties": N_("sectors that never work together"),
    "siloed_sector": N_("siloed sector"),
    "collaboration_without_agreement": N_("collaboration without agreement"),
    "agreement_expiring": N_("agreement expiring"),
    "party_without_responsibility": N_("party without a responsibility"),
    "isolate": N_("isolated actor"),
    "single_point_of_failure": N_("single point of failure"),
    "far_from_backbone": N_("far from the backbone"),
    "over_centralised": N_("over-centralised"),
    "burned": N_("burned by an earlier process"),
    "sensitive_relationship": N_("sensitive relationship"),
    "passive_role_holder": N_("passive role holder"),
}

PROBLEM_LEVELS: dict[str, str] = {"error": N_("error"), "warning": N_("warning")}
"""A workbook problem's severity: an error keeps the workbook out of the store, a warning
does not."""

MEASURES: dict[str, str] = {
    # actor measures (the metrics grid's columns, the panel, the map's "size by")
    "id": N_("id"), "name": N_("name"), "sector": N_("sector"), "kind": N_("kind"),
    "role": N_("role"), "region": N_("region"), "engagement": N_("engagement"),
    "target_engagement": N_("target engagement"), "gap": N_("gap"),
    "formal_influence": N_("formal influence"), "informal_influence": N_("informal influence"),
    "influence": N_("influence"), "burned": N_("burned"),
    "degree": N_("partners"), "in_degree": N_("ties in"), "out_degree": N_("ties out"),
    "degree_influence": N_("influence ties"), "degree_collaboration": N_("collaboration ties"),
    "degree_communication": N_("communication ties"), "degree_funding": N_("funding ties"),
    "degree_reports_to": N_("reporting ties"), "degree_tension": N_("tension ties"),
    "weighted_degree": N_("weighted partners"),
    "betweenness": N_("betweenness"), "closeness": N_("closeness"),
    "pagerank": N_("influence reach"), "eigenvector": N_("eigenvector"),
    "clustering": N_("clustering"), "core_number": N_("core number"),
    "constraint": N_("constraint"), "effective_size": N_("effective size"),
    "distance_to_backbone": N_("steps from backbone"),
    "articulation_point": N_("articulation point"),
    "coordinator": N_("broker: coordinator"), "gatekeeper": N_("broker: gatekeeper"),
    "representative": N_("broker: representative"), "consultant": N_("broker: consultant"),
    "liaison": N_("broker: liaison"),
    # network measures
    "actors": N_("actors"), "ties": N_("ties"), "density": N_("density"),
    "components": N_("separate groups"), "average_path_length": N_("average path length"),
    "degree_centralization": N_("degree centralisation"),
    "betweenness_centralization": N_("betweenness centralisation"),
    "reciprocity": N_("reciprocity"), "ei_index": N_("E-I index"),
    "sector_assortativity": N_("sector assortativity"),
    "cross_sector_share": N_("share of ties across sectors"),
    "agreement_coverage": N_("agreement coverage"),
    "sampled": N_("estimated from a sample"), "sample_size": N_("sample size"),
    # sector table
    "core": N_("core sector"), "engaged": N_("engaged"),
    "engaged_share": N_("share engaged"), "mean_engagement": N_("mean engagement"),
    "mean_target": N_("mean target"), "internal_ties": N_("ties inside"),
    "external_ties": N_("ties across"),
}
"""Column and measure identifiers of the metrics tables → the words a planner reads."""


def label(table: Mapping[str, str], key: str) -> str:
    """``key`` in words from ``table``, in the current language; unknown keys as they are."""
    words = table.get(key)
    return _(words) if words else key


def sector_label(names: Mapping[str, str], sector: str) -> str:
    """A sector in words: a default sector the workbook did not rename by the product's word
    for it; a sector the programme named (or added) by its own name, which is data.
    ``names`` is the programme's sector id → name (:func:`sector_names`)."""
    own = names.get(sector)
    if own and own != _DEFAULT_NAMES.get(sector):
        return own
    return label(SECTORS, sector)


def sector_names(smap: StakeholderMap | None) -> dict[str, str]:
    """Sector id → the name the programme's workbook gives it."""
    return {s.id: s.name for s in smap.sectors} if smap is not None else {}


_DEFAULT_NAMES = {s.id: s.name for s in DEFAULT_SECTORS}
