"""Algorithms that read the graph, compute results and write them back with evidence."""
