"""Errors a user can act on. Each message is one sentence: what, where, how to fix.

DealgraphError
 ├── RuntimeSetupError      Java/Maven/port/download problems of the local server
 ├── GraphUnavailable       Neo4j cannot be reached or GDS is missing
 ├── InputError             a user's file, row or field is wrong
 ├── NotFound               a named entity does not exist
 └── GraphRejected          Neo4j refused a statement (constraint, type); code + message kept
"""


class DealgraphError(Exception):
    """Base of every error the CLI and API print as one clear sentence."""


class RuntimeSetupError(DealgraphError):
    pass


class GraphUnavailable(DealgraphError):
    pass


class InputError(DealgraphError):
    pass


class NotFound(DealgraphError):
    pass


class GraphRejected(DealgraphError):
    """Neo4j refused a statement; callers say which of the user's rows it was."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
