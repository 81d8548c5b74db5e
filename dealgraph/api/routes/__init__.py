"""REST routes: every module here exposing `router` (a fastapi.APIRouter) is included by create_app."""
