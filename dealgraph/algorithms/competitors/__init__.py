"""Likely competitors and win probability for a tender, from award history (AWARDED_TO) and the graph."""
