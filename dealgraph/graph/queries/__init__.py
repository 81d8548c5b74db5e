"""Read models: parameterised Cypher that assembles what one view or API type needs."""

from .decision_chain import decision_chain_data

__all__ = ["decision_chain_data"]
