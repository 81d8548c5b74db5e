"""The graph model as code: labels, relationship types, property models and migrations.

This package imports nothing else of dealgraph, so any layer may depend on it.
"""
