"""dealgraph: a graph-centric B2B CRM knowledge platform on Neo4j + GDS."""

__version__ = "0.1.0"
