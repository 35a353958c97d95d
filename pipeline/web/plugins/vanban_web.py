"""Datasette loads this file (``--plugins-dir``); the hooks live in pipeline.web.plugin."""

from pipeline.web.plugin import (  # noqa: F401 - pluggy finds the hooks by name
    extra_css_urls,
    menu_links,
    prepare_connection,
    prepare_jinja2_environment,
    register_routes,
    render_cell,
)
