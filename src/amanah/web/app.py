"""The web application: thin routers that parse, call a service and render."""

import threading
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from amanah import __version__
from amanah.config import get_settings
from amanah.db.engine import default_engine, migrate, refresh_statistics, transaction
from amanah.errors import AmanahError, Forbidden, invalid_from
from amanah.i18n import DEFAULT_LANGUAGE, LANGUAGES, choose_language, current_language
from amanah.partners.service import load_reference_embargoes
from amanah.screening.match import warm_up
from amanah.web.auth import SessionStore
from amanah.web.deps import page, web_session
from amanah.web.routes import (
    analytics,
    auth,
    cases,
    compliance,
    registry,
    reports,
    request,
    screening,
)
from amanah.web.templating import STATIC_DIR

ROUTERS = (
    auth.router,
    request.router,  # before cases: /cases/new is not a case id
    cases.router,
    compliance.router,
    screening.router,
    reports.router,
    analytics.router,
    registry.router,
)


def domain_error(request: Request, error: Exception) -> Response:
    """Domain errors become 4xx: JSON naming the field for the API, a page for people."""
    assert isinstance(error, AmanahError)
    if request.url.path.startswith("/api/"):
        return JSONResponse(error.as_dict(), status_code=error.status)
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
    # the API docs (Swagger UI, ReDoc) are served from a package's files, never from a CDN;
    # no validator badge either, which Swagger UI would fetch from its own site
    app = FastAPIOffline(
        title="Amanah",
        version=__version__,
        description="Defence technology sharing: cases, compliance, screening, reports.",
        static_url="/static-docs",
        favicon_url="/static/amanah.svg",
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.state.engine = engine
    app.state.sessions = SessionStore(timedelta(hours=get_settings().session_hours))
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
    threading.Thread(target=warm_up, name="screening-warm-up", daemon=True).start()
    return app
