"""Extractors: header fields, citations, targets, assignments (one module each)."""
