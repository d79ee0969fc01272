"""What the tool writes: metric and gap tables (``tables``), network files for Gephi and
programs (``graph_files``), pseudonymised sharing (``pseudonymise``), the standalone map
(``standalone_map``), charts (``charts``), node positions (``positions``), the
comparison page (``comparison_html``) and the readiness pack (``report``). Every HTML
page comes from the autoescaped templates in ``templates/``."""
