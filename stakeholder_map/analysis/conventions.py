"""What every exported measure means: one row per measure, in one place.

The metrics exports (``notes`` sheet, JSON key and ``FILE.notes.csv``) and the
documentation quote these rows, so an evaluator can cite a number and say how
it compares with UCINET, R sna, R igraph or networkx. The rows that depend on
the run (tie weights used or not, sampled estimates or exact values) are
written by :func:`conventions_for` from what the run did.
"""

from __future__ import annotations

from dataclasses import dataclass

from stakeholder_map.model import TieType

__all__ = [
    "NOTE_COLUMNS",
    "PLAIN_DATA",
    "Convention",
    "conventions_for",
]

NOTE_COLUMNS = ("table", "measure", "view", "definition", "normalisation", "compare_with")
"""The columns of the exported notes table, in order."""

PLAIN_DATA = (
    "id", "name", "sector", "kind", "engagement", "formal_influence", "informal_influence",
    "sampled", "sample_size",
)
"""Columns of the actor and network tables that are data as entered (or run facts), not measures.

``sampled`` and ``sample_size`` are described in the rows of the measures they affect.
"""

COLLABORATION = ("collaboration view: undirected; one edge per pair of actors with a current "
                 "collaboration, communication or funding tie, or a shared agreement or forum")
WEIGHTED_COLLABORATION = (COLLABORATION + "; edge weight = the sum of those ties' weights (1-5 "
                          "each) + 1 per shared agreement + 1 per shared forum")
INFLUENCE = ("influence view: directed; an arc a→b per pair with a current influence tie "
             "(repeated ties: weights summed)")
CURRENT = "current ties: those without an 'until' date or with 'until' on or after as_of"


@dataclass(frozen=True)
class Convention:
    """One row of the notes table: what the named columns hold and how to compare them."""

    table: str
    """``actors``, ``network`` or ``sectors``: the table whose columns these are."""
    measures: tuple[str, ...]
    """The column names this row describes."""
    view: str
    definition: str
    normalisation: str
    compare_with: str

    @property
    def measure(self) -> str:
        """The column names as one cell."""
        return ", ".join(self.measures)

    def as_row(self) -> dict[str, str]:
        """The row as exported, keyed by :data:`NOTE_COLUMNS`."""
        return {"table": self.table, "measure": self.measure, "view": self.view,
                "definition": self.definition, "normalisation": self.normalisation,
                "compare_with": self.compare_with}


def _sampling(sampled: bool, sample_size: int, what: str) -> str:
    if not sampled:
        return f" This export: exact ({what})."
    return (f" This export: ESTIMATED from {sample_size} randomly sampled source actors "
            f"(seeded, so the same map gives the same estimate), because the map is too large "
            f"for exact values (more actors than sample_above, or exact values estimated to "
            f"take over 10 minutes).")


def conventions_for(weighted: bool = False, sampled: bool = False, sample_size: int = 0,
                    path_sources: int = 100) -> tuple[Convention, ...]:
    """Every measure's row, worded for a run that was ``weighted`` and/or ``sampled``.

    ``sample_size`` is how many sources betweenness and closeness used;
    ``path_sources`` caps the sources of the sampled average path length.
    """
    holes_view = WEIGHTED_COLLABORATION if weighted else COLLABORATION
    holes_weights = ("This export: WEIGHTED (tie strength = the collaboration edge weight; run "
                     "without --weighted for the unweighted values)." if weighted else
                     "This export: UNWEIGHTED (every tie counts 1; --weighted uses the tie "
                     "weights).")
    path_count = min(sample_size, path_sources)
    degree_types = tuple(f"degree_{t.value}" for t in TieType)
    return (
        Convention(
            "actors", ("degree",), COLLABORATION,
            "Number of distinct partners in the collaboration view.",
            "Raw count, not divided by n−1.",
            "networkx G.degree(); R igraph degree(simplify(g)); R sna degree(gmode='graph') (sna's "
            "default gmode='digraph' gives 2× ours); UCINET degree of the symmetric binary "
            "matrix."),
        Convention(
            "actors", ("in_degree", "out_degree"), INFLUENCE,
            "Actors who can sway this actor (in) and actors it can sway (out); repeated "
            "influence ties between the same pair count once.",
            "Raw counts.",
            "networkx in_degree/out_degree; R igraph degree(mode='in'/'out'); R sna degree "
            "(cmode='indegree'/'outdegree')."),
        Convention(
            "actors", ("weighted_degree",), WEIGHTED_COLLABORATION,
            "Sum of the weights of the actor's collaboration edges (strength).",
            "Raw sum.",
            "networkx G.degree(weight='weight'); R igraph strength(); UCINET degree on valued "
            "data."),
        Convention(
            "actors", degree_types, CURRENT + "; every tie type, reports_to and sensitive "
            "ties included",
            "Number of current tie rows of that type with the actor at either end (a repeated "
            "tie counts each time; direction ignored).",
            "Raw counts.",
            "Counts of workbook rows; no network package computes them."),
        Convention(
            "actors", ("betweenness",), COLLABORATION + "; unweighted",
            "Share of shortest paths between pairs of other actors that pass through the actor "
            "(Freeman 1977; Brandes 2001); pairs that cannot reach each other add nothing."
            + _sampling(sampled, sample_size, "every pair")
            + (" The estimate sums the sampled sources' dependencies and scales them by "
               "n/k (Brandes & Pich 2007)." if sampled else ""),
            "Divided by (n−1)(n−2)/2, the number of pairs of other actors: 1 for the centre of "
            "a star.",
            "networkx betweenness_centrality(G, normalized=True); R igraph betweenness(g, "
            "directed=FALSE, normalized=TRUE); UCINET 'Betweenness' is unnormalised (ours × "
            "(n−1)(n−2)/2) and 'nBetweenness' is ours × 100; R sna betweenness() is "
            "unnormalised too."),
        Convention(
            "actors", ("closeness",), COLLABORATION + "; unweighted",
            "Closeness within the actor's own component, scaled by the share of the map it "
            "reaches: (r−1)/Σd × (r−1)/(n−1), r = actors reachable including itself, Σd = the "
            "sum of steps to them (Wasserman & Faust 1994); 0 for an isolate."
            + _sampling(sampled, sample_size, "every distance")
            + (" Estimated: Σd from the distances to the sampled pivots (Eppstein & Wang "
               "2004); r stays exact." if sampled else ""),
            "In [0, 1]; 1 for the centre of a star; a map in pieces lowers everyone's value.",
            "networkx closeness_centrality(G, wf_improved=True) (the default). R igraph "
            "closeness(g, normalized=TRUE) omits the (r−1)/(n−1) factor (equal on a connected "
            "map); R sna closeness() and UCINET's Freeman closeness are meant for connected "
            "maps (sna gives 0 when anyone is unreachable): compare on one component only."),
        Convention(
            "actors", ("pagerank",), INFLUENCE + "; weighted by the summed tie weights",
            "PageRank (Page et al. 1999) with damping 0.85: how much sway flows to the actor "
            "through chains of influence; actors with no outgoing influence spread theirs "
            "evenly.",
            "Sums to 1 over all actors.",
            "networkx pagerank(G, alpha=0.85, weight='weight'); R igraph page_rank(g, "
            "damping=0.85) (uses the weight attribute)."),
        Convention(
            "actors", ("eigenvector",), WEIGHTED_COLLABORATION,
            "Eigenvector centrality (Bonacich 1972) with the edge weights: connected to the "
            "well-connected. On a map in pieces only the piece with the largest leading "
            "eigenvalue is scored (as networkx's power iteration ends); other actors get 0.",
            "Unit Euclidean length: the squares sum to 1 (not max = 1).",
            "networkx eigenvector_centrality(G, weight='weight') (unit length). R igraph "
            "eigen_centrality() scales the largest to 1: divide ours by its maximum. R sna "
            "evcent() is unit length but unweighted unless given a valued matrix."),
        Convention(
            "actors", ("clustering",), COLLABORATION + "; unweighted",
            "Share of pairs of the actor's partners who are tied to each other (Watts & "
            "Strogatz 1998); 0 for an actor with fewer than two partners.",
            "In [0, 1].",
            "networkx clustering(G) (also 0 below two partners). R igraph transitivity(g, "
            "type='local') gives NaN below two partners by default (isolates='zero' matches "
            "ours)."),
        Convention(
            "actors", ("effective_size",), holes_view,
            "Burt's (1992) effective size: the number of contacts less their redundancy, "
            "Σ_j (1 − Σ_q p_iq m_jq), p_iq = w_iq / Σ_k w_ik, m_jq = w_jq / max_k w_jk; "
            "unweighted this is n − 2t/n (n contacts, t ties among them; Borgatti 1997). "
            "Blank (NaN) for an isolate. " + holes_weights,
            "Raw; between 1 and the number of contacts.",
            "networkx effective_size(G, weight=None or 'weight'); weighted, networkx 3.6 gives "
            "Burt's value only per node (nodes=list(G)): its all-nodes shortcut normalises by "
            "the wrong maximum (networkx PR #8906). UCINET Structural Holes 'EffSize' uses tie "
            "values on valued data. R igraph has no effective size."),
        Convention(
            "actors", ("constraint",), holes_view,
            "Burt's (1992) constraint: Σ_j (p_ij + Σ_q p_iq p_qj)², p_ij = w_ij / Σ_k w_ik "
            "(1/degree unweighted); high means the actor's contacts are tied to each other, "
            "few structural holes. Blank (NaN) for an isolate. " + holes_weights,
            "Raw; 1 for an actor with a single tie, up to 1.125 when its two contacts are tied "
            "(unweighted); lower means more structural holes.",
            "networkx constraint(G, weight=None or 'weight') (equal to 1e-9). R igraph "
            "constraint() uses the 'weight' attribute when the graph has one (weights=NA for "
            "unweighted); UCINET Structural Holes 'Constraint' uses tie values on valued data."),
        Convention(
            "actors", ("coordinator", "gatekeeper", "representative", "consultant", "liaison"),
            COLLABORATION + "; unweighted; groups = sectors",
            "Gould–Fernandez (1989) brokerage roles: how many ORDERED pairs (a, c) the actor "
            "brokers (a–v–c tied, a and c not tied), by the sectors of a, v and c. An "
            "undirected open pair counts twice, once in each direction.",
            "Raw counts (ordered pairs); halve them for unordered pairs.",
            "R sna brokerage(net, cl)$raw.nli on the symmetric adjacency matrix (each tie as "
            "two arcs, ordered pairs) gives the same counts; UCINET's Gould–Fernandez "
            "brokerage also works on arcs. networkx has no brokerage."),
        Convention(
            "actors", ("core_number",), COLLABORATION + "; unweighted",
            "The largest k such that the actor is in the k-core (Seidman 1983).",
            "Raw.",
            "networkx core_number(G); R igraph coreness(g); UCINET k-cores."),
        Convention(
            "actors", ("distance_to_backbone",), COLLABORATION + "; unweighted",
            "Steps on the shortest path from the programme's backbone organisation; blank when "
            "it cannot be reached or the programme names no backbone.",
            "Raw steps.",
            "networkx shortest_path_length(G, backbone); R igraph distances(g, v=backbone)."),
        Convention(
            "actors", ("articulation_point",), COLLABORATION,
            "True when removing the actor splits its component (a cut vertex; Tarjan 1972).",
            "True/False.",
            "networkx articulation_points(G); R igraph articulation_points(g); R sna "
            "cutpoints(mode='graph'); UCINET cutpoints."),
        Convention(
            "actors", ("target_engagement",), "actor fields",
            "The engagement level the programme wants: the actor's own target when given, "
            "else leading for the backbone, active for an influential actor (formal or "
            "informal influence at or above the threshold, default 3), supportive for others.",
            "An engagement level label.",
            "A stakeholder-map convention (docs/gaps.md); no network package computes it."),
        Convention(
            "network", ("actors",), "all actors",
            "Number of actors on the map (isolates included).",
            "Raw count.",
            "networkx number_of_nodes(); R igraph vcount()."),
        Convention(
            "network", ("ties",), CURRENT,
            "Number of current tie rows of EVERY type (collaboration, communication, funding, "
            "influence, reports_to and the sensitive ties counted in degree_tension); history "
            "ties (until before as_of) are left out; a repeated tie counts each time; "
            "agreements and forums are not ties.",
            "Raw count.",
            "Not the number of collaboration-view edges that density uses."),
        Convention(
            "network", ("density",), COLLABORATION,
            "Collaboration-view edges (distinct pairs, including shared-agreement and "
            "shared-forum pairs) over all possible pairs.",
            "Edges / (n(n−1)/2).",
            "networkx density(G); R igraph edge_density(simplify(g)); R sna gden(mode='graph'); "
            "UCINET density of the symmetric binary matrix."),
        Convention(
            "network", ("components",), COLLABORATION,
            "Connected pieces of the collaboration view; every isolate is a piece.",
            "Raw count.",
            "networkx number_connected_components(G); R igraph count_components(g); R sna "
            "components(connected='weak')."),
        Convention(
            "network", ("average_path_length",), COLLABORATION + "; unweighted",
            "Mean number of steps over all ordered pairs of distinct actors that can reach "
            "each other (pairs in different pieces are left out, not counted as infinite); "
            "does not depend on the order of actors; blank (NaN) when no two actors are "
            "connected."
            + (f" This export: ESTIMATED as the mean of the finite distances from "
               f"{path_count} source actors sampled with the run's seed from the actors "
               f"sorted by id (never infinite), because the map is too large for exact "
               f"values (more actors than sample_above, or exact values estimated to take "
               f"over 10 minutes)." if sampled else " This export: exact."),
            "Steps; no scaling.",
            "R igraph mean_distance(g, directed=FALSE, unconnected=TRUE); python-igraph "
            "Graph.average_path_length(directed=False, unconn=True). networkx "
            "average_shortest_path_length() refuses a disconnected map and equals ours on a "
            "connected one; UCINET's average distance among reachable pairs matches."),
        Convention(
            "network", ("degree_centralization",), COLLABORATION,
            "Freeman (1979) degree centralisation: Σ_i (d_max − d_i), d = distinct partners.",
            "Divided by (n−1)(n−2), the value of a star: 1 = one hub holds every tie, 0 = "
            "ties spread evenly; 0 with fewer than three actors.",
            "R igraph centr_degree(g, loops=FALSE)$centralization; R sna centralization(g, "
            "degree, mode='graph'); UCINET reports the same index as a percentage."),
        Convention(
            "network", ("betweenness_centralization",), COLLABORATION + "; unweighted",
            "Freeman (1979) betweenness centralisation: Σ_i (b_max − b_i) over the actors' "
            "betweenness (normalised as in the actor table)."
            + (" This export: from the sampled betweenness estimates." if sampled else ""),
            "Divided by n−1, so 1 for a star, 0 when no actor stands between others more than "
            "another; 0 with fewer than three actors.",
            "R igraph centr_betw(g, directed=FALSE)$centralization; R sna centralization(g, "
            "betweenness, mode='graph'); UCINET reports it as a percentage."),
        Convention(
            "network", ("reciprocity",), INFLUENCE,
            "Share of influence arcs whose reverse arc also exists (a sways b and b sways a); "
            "blank (NaN) without influence ties.",
            "In [0, 1].",
            "networkx reciprocity(G); R igraph reciprocity(g) (mode='default'); R sna "
            "grecip(g, measure='edgewise'). sna's default measure='dyadic' counts dyads, "
            "null ones included, and differs."),
        Convention(
            "network", ("ei_index",), COLLABORATION + "; unweighted; groups = sectors",
            "Krackhardt–Stern (1988) E-I index: (E − I)/(E + I), E = collaboration edges "
            "between sectors, I = edges within a sector, each edge once; blank (NaN) with no "
            "edges.",
            "In [−1, 1]: −1 all ties inside sectors (silos), +1 all across.",
            "UCINET E-I Index (whole-network value). networkx and R igraph have none."),
        Convention(
            "network", ("sector_assortativity",), COLLABORATION + "; unweighted",
            "Newman's (2003) assortativity coefficient r of the actors' sectors over the "
            "collaboration edges; blank (NaN) without edges or when every edge end is in one "
            "sector.",
            "In [−1, 1]: 1 ties only within sectors, 0 as mixed as chance, negative "
            "preferring other sectors.",
            "networkx attribute_assortativity_coefficient(G, 'sector'); R igraph "
            "assortativity_nominal(g, types, directed=FALSE)."),
        Convention(
            "network", ("cross_sector_share",), COLLABORATION,
            "Share of collaboration edges that join two sectors: E/(E + I), the same counts "
            "as the E-I index ((1 + E-I)/2).",
            "In [0, 1]; blank (NaN) without edges.",
            "No package function; (1 + UCINET E-I)/2."),
        Convention(
            "network", ("agreement_coverage",), "agreements",
            "Share of actors party to at least one live agreement (signed or active, not "
            "expired on as_of): the common agenda in one number.",
            "In [0, 1].",
            "A stakeholder-map measure; no network package computes it."),
        Convention(
            "sectors", ("ei_index",), COLLABORATION + "; unweighted",
            "Each sector's E-I index: E = edges with one end in the sector, I = edges with "
            "both ends in it; (E − I)/(E + I); blank (NaN) for a sector no edge touches.",
            "In [−1, 1].",
            "UCINET E-I Index (group level)."),
        Convention(
            "sectors", ("internal_ties", "external_ties"), COLLABORATION,
            "Collaboration edges with both ends in the sector (internal) or one end "
            "(external); edges, not tie rows.",
            "Raw counts.",
            "The row sums of the mixing table (diagonal = internal)."),
    )
