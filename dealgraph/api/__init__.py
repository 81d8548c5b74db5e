"""The HTTP face of dealgraph: GraphQL (Strawberry) + REST (FastAPI) + signed webhooks.

Entry point: `dealgraph.api.app.create_app(settings)`; `dealgraph serve` runs it with uvicorn.
"""
