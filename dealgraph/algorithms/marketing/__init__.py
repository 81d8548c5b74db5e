"""Marketing: budget allocation that learns from downstream value, and copy grounded in the graph."""
