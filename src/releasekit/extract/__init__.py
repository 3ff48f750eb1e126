"""Extractors: pure functions from a release body and its sentences to rows.

Modules: ``figures`` (counts), ``agencies`` (organisations named),
``dates`` (event date), ``quotes`` (quoted speech).
"""
