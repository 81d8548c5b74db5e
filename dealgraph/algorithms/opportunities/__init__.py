"""Opportunities: stage history parsing, stage-duration hazard model, delay warnings, win probability."""
