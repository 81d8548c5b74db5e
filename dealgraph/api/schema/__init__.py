"""The GraphQL schema, split by domain: each module contributes types and a *Query / *Mutation class.

To add a domain: write `schema/<domain>.py` with `@strawberry.type class <Domain>Query` (and
optionally `<Domain>Mutation`), then list it in QUERY_PARTS / MUTATION_PARTS below.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from ...config import Settings
from ...errors import InputError, NotFound
from ..limits import cost_rule
from .context import ApiError


def _query_parts() -> tuple[type, ...]:
    from .accounts import AccountQuery
    from .campaigns import CampaignQuery
    from .contacts import ContactQuery
    from .decision_chain import DecisionChainQuery
    from .ingest import IngestQuery
    from .leads import LeadQuery
    from .pipeline import PipelineQuery
    from .sandbox import SandboxQuery
    from .tenders import TenderQuery
    from .webhooks import WebhookQuery

    return (AccountQuery, ContactQuery, DecisionChainQuery, TenderQuery, LeadQuery, IngestQuery, WebhookQuery,
            CampaignQuery, PipelineQuery, SandboxQuery)


def _mutation_parts() -> tuple[type, ...]:
    from .mutations import CoreMutation
    from .sandbox import SandboxMutation
    from .webhooks import WebhookMutation

    return (CoreMutation, WebhookMutation, SandboxMutation)


def _should_mask(error: GraphQLError) -> bool:
    """Show our own errors and GraphQL validation errors; mask everything else (driver, bugs,
    and GraphUnavailable, whose message names the database address)."""
    original = error.original_error
    if original is None:
        return False
    return not isinstance(original, (ApiError, InputError, NotFound))


def build_schema(settings: Settings) -> strawberry.Schema:
    Query = merge_types("Query", _query_parts())
    Mutation = merge_types("Mutation", _mutation_parts())
    # Validation rules are built ONCE: ValidationCache keys on the rule classes, and the stock
    # limiter extensions would mint new classes per request (a cache miss every time).
    rules = [
        *QueryDepthLimiter(max_depth=settings.api_max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.api_max_aliases).validation_rules,
        cost_rule(settings.api_max_cost, 20, settings.api_max_page_size),
    ]
    if not settings.api_introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    # Factories, so each request gets fresh extension instances.
    extensions = [
        lambda: MaxTokensLimiter(max_token_count=settings.api_max_tokens),
        lambda: ParserCache(maxsize=512),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=512),
        lambda: MaskErrors(should_mask_error=_should_mask, error_message="Internal error."),
    ]
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)
