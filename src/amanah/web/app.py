"""The web application: thin routers that parse, call a service and render."""

import threading

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine

from amanah import __version__
from amanah.db.engine import default_engine, migrate, refresh_statistics, transaction
from amanah.errors import AmanahError, Forbidden, Throttled, invalid_from
from amanah.partners.service import load_reference_embargoes
from amanah.screening.match import warm_up
from amanah.web.deps import page, web_session
from amanah.web.responses import ERROR_RESPONSES
from amanah.web.routes import (
    analytics,
    auth,
    cases,
    compliance,
    reference,
    registry,
    reports,
    screening,
)
from amanah.web.security import SecurityHeaders, bounded_integers

ROUTERS = (
    auth.router,
    cases.router,
    compliance.router,
    screening.router,
    reports.router,
    analytics.router,
    registry.router,
    reference.router,
)


def domain_error(request: Request, error: Exception) -> Response:
    """Domain errors become 4xx: JSON naming the field for the API, a page for people."""
    assert isinstance(error, AmanahError)
    if request.url.path.startswith("/api/"):
        response = JSONResponse(error.as_dict(), status_code=error.status)
        if isinstance(error, Throttled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    if isinstance(error, Forbidden) and web_session(request) is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return page(request, "error.html", status_code=error.status, error=error)


def invalid_request(request: Request, error: Exception) -> Response:
    """Pydantic's validation errors, reduced to the first field and its reason."""
    assert isinstance(error, RequestValidationError)
    invalid = invalid_from(error.errors(), drop=("body", "query", "path", "form"))
    return JSONResponse(invalid.as_dict(), status_code=invalid.status)


def create_app(engine: Engine | None = None) -> FastAPI:
    engine = engine or default_engine()
    migrate(engine)
    with transaction(engine) as session:
        load_reference_embargoes(session)
    refresh_statistics(engine)
    app = FastAPI(
        title="Amanah",
        version=__version__,
        description="Defence technology sharing: cases, compliance, screening, reports.",
        dependencies=[Depends(bounded_integers)],
        responses=ERROR_RESPONSES,
    )
    app.add_middleware(SecurityHeaders)
    app.state.engine = engine
    app.add_exception_handler(AmanahError, domain_error)
    app.add_exception_handler(RequestValidationError, invalid_request)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for router in ROUTERS:
        app.include_router(router)
    # logic-v2 loads its name data on first use (seconds): load it while the first page renders
    threading.Thread(target=warm_up, name="screening-warm-up", daemon=True).start()
    return app
