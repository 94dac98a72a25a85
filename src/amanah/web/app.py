"""The web application: thin routers that parse, call a service and render."""

import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from amanah import __version__
from amanah.db.engine import default_engine, migrate, refresh_statistics, transaction
from amanah.errors import AmanahError, Forbidden, Throttled, invalid_from
from amanah.i18n import DEFAULT_LANGUAGE, LANGUAGES, choose_language, current_language
from amanah.partners.service import load_reference_embargoes
from amanah.screening.service import warm_names
from amanah.web.deps import page, web_session
from amanah.web.routes import (
    analytics,
    auth,
    cases,
    casework,
    compliance,
    reference,
    registry,
    reports,
    request,
    screening,
    users,
)
from amanah.web.templating import STATIC_DIR

ROUTERS = (
    auth.router,
    request.router,  # before cases: /cases/new is not a case id
    casework.router,
    cases.router,
    compliance.router,
    screening.router,
    reports.router,
    analytics.router,
    registry.router,
    users.router,
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
    )
    app.state.engine = engine
    app.add_exception_handler(AmanahError, domain_error)
    app.add_exception_handler(RequestValidationError, invalid_request)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.middleware("http")
    async def language(request: Request, call_next: Any) -> Response:
        """The language of this request: the person's choice, else their browser's."""
        chosen = request.cookies.get("amanah_lang") or choose_language(
            request.headers.get("accept-language", "")
        )
        token = current_language.set(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE)
        try:
            response: Response = await call_next(request)
        finally:
            current_language.reset(token)
        return response

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for router in ROUTERS:
        app.include_router(router)
    # logic-v2 loads its name data on first use (seconds): load it while the first page renders
    threading.Thread(target=warm_names, name="screening-warm-up", daemon=True).start()
    return app
