"""Copy and talk tracks grounded in the graph: templates filled from traced facts, an optional LLM
rewrite kept only when it passes the grounding check."""
