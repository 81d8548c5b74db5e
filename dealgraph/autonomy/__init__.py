"""Actions that may run by themselves within limits: a policy (what, how often, when, with whose
approval) and an executor that decides, runs exactly once and keeps an audit trail."""
