"""ID-mapping: resolve source records of people and companies into golden entities.

normalise -> records (canonical, normalised columns) -> blocking -> compare -> fellegi_sunter
(EM) -> cluster (hard-key constraints) -> resolve (the pipeline). File mode: fileio + infer;
graph mode: graph_store + review.
"""
