"""Every component id of the dashboard, in one place (page prefix first)."""

from __future__ import annotations

# shell (every page)
URL = "app-url"
PROGRAMME = "app-programme"
WAVE = "app-wave"
SELECTION = "app-selection"          # dcc.Store: {"programme": id, "wave": id}
NAV = "app-nav"
PAGE_PATH = "app-page-path"          # dcc.Store: the path whose page is shown
LANG = "app-lang"                    # dcc.Store: the language every callback speaks
LANG_PICKER = "app-lang-picker"
LANG_RELOAD = "app-lang-reload"      # dcc.Location that reloads the page in a new language

# map
MAP_GRAPH = "map-graph"
MAP_SECTORS = "map-sectors"
MAP_TIE_TYPES = "map-tie-types"
MAP_ENGAGEMENT = "map-engagement"
MAP_FORUM = "map-forum"
MAP_SEARCH = "map-search"
MAP_SIZE_BY = "map-size-by"
MAP_LEGEND = "map-legend"
MAP_PANEL = "map-panel"
MAP_TOOLTIP = "map-tooltip"
MAP_COUNT = "map-count"
MAP_FOCUS = "map-focus"              # dcc.Store: id of the focused actor (from URL or click)
MAP_WAVE = "map-wave"                # dcc.Store: the wave this page shows
MAP_DRAWN = "map-drawn"              # dcc.Store: the wave and filters the map now shows
MAP_TIES = "map-ties"                # hidden div: data-ties = the ties of a large map (JSON)

# gaps
GAPS_GRID = "gaps-grid"
GAPS_SUMMARY = "gaps-summary"        # the three questions a planner asks first
GAPS_WAVE = "gaps-wave"              # dcc.Store: the wave this page shows
GAPS_KIND = "gaps-kind"
GAPS_DOWNLOAD_BUTTON = "gaps-download-button"
GAPS_DOWNLOAD = "gaps-download"

# sectors
SECTORS_MIXING = "sectors-mixing"
SECTORS_EI = "sectors-ei"
SECTORS_FORUMS = "sectors-forums"
SECTORS_TABLE = "sectors-table"
SECTORS_STATUS = "sectors-status"        # "no data" / what the page shows

# engagement
ENGAGEMENT_GRID = "engagement-grid"
ENGAGEMENT_DUMBBELL = "engagement-dumbbell"
ENGAGEMENT_LEVELS = "engagement-levels"
ENGAGEMENT_STATUS = "engagement-status"

# metrics
METRICS_ACTORS = "metrics-actors"
METRICS_NETWORK = "metrics-network"
METRICS_DOWNLOAD_CSV = "metrics-download-csv"
METRICS_DOWNLOAD_XLSX = "metrics-download-xlsx"
METRICS_DOWNLOAD_JSON = "metrics-download-json"
METRICS_DOWNLOAD = "metrics-download"
METRICS_STATUS = "metrics-status"        # "no data", and notes such as sampled estimates

# data
DATA_WAVES = "data-waves"
DATA_UPLOAD = "data-upload"
DATA_PROGRAMME_NAME = "data-programme-name"
DATA_RESULT = "data-result"
DATA_PROBLEMS = "data-problems"

# compare
COMPARE_PROGRAMME = "compare-programme"  # dcc.Store: the programme this page compares
COMPARE_BASELINE = "compare-baseline"
COMPARE_FOLLOWUP = "compare-followup"
COMPARE_SUMMARY = "compare-summary"
COMPARE_STATUS = "compare-status"        # "no data", "only one wave", "pick two waves"
COMPARE_JOINED = "compare-joined"
COMPARE_LEFT = "compare-left"
COMPARE_MOVES = "compare-moves"
COMPARE_SECTORS = "compare-sectors"
COMPARE_TIES_ADDED = "compare-ties-added"
COMPARE_TIES_REMOVED = "compare-ties-removed"
COMPARE_TIES_BY_TYPE = "compare-ties-by-type"
COMPARE_TIES_BY_PAIR = "compare-ties-by-pair"
COMPARE_NETWORK = "compare-network"
COMPARE_GAPS = "compare-gaps"

# facilitator and evaluator outputs (on the Metrics page)
OUTPUT_PACK = "output-pack"
OUTPUT_MAP = "output-map"
OUTPUT_GEXF = "output-gexf"
OUTPUT_GRAPHML = "output-graphml"
OUTPUT_XLSX = "output-xlsx"
OUTPUT_DOWNLOAD = "output-download"
