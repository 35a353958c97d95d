"""The analysts' pages in Datasette: documents as people read them, search, charts, the
citation graph, review pages. ``pages`` reads the database (plain sqlite3, testable without a
server), ``plugin`` is the Datasette plugin that serves them through ``templates/`` and
``static/`` (Vega-Lite and the graph view bundled: nothing is fetched at run time).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PLUGINS = HERE / "plugins"
STATIC_MOUNT = "vb-static"  # served at /vb-static/ (``datasette --static``)
