"""Lead scoring: BANT sub-scores, file-mode tabular modelling, calibrated gradient boosting, graph mode."""
