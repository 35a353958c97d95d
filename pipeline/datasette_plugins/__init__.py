"""Datasette plugins that ``vanban serve`` loads (--plugins-dir): each .py file here is one."""
