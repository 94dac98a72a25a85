"""The web application: thin routers that parse, call a service and render."""

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from amanah import __version__, bus
from amanah.db.engine import default_engine, migrate, refresh_statistics, transaction
from amanah.errors import AmanahError, Forbidden, Throttled, invalid_from
from amanah.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    choose_language,
    current_digits,
    current_hijri,
    current_language,
)
from amanah.jobs import runner
from amanah.partners.service import load_reference_embargoes
from amanah.screening.service import warm_matcher, warm_names
from amanah.web.deps import page, web_session
from amanah.web.responses import ERROR_RESPONSES
from amanah.web.routes import (
    agreements,
    amendments,
    analytics,
    auth,
    cases,
    casework,
    clearances,
    compliance,
    jobs,
    language,
    monitoring,
    proposals,
    reference,
    registry,
    reports,
    request,
    request_items,
    request_parties,
    rfis,
    routing,
    screening,
    users,
)
from amanah.web.security import SecurityHeaders, bounded_integers
from amanah.web.templating import STATIC_DIR

log = logging.getLogger(__name__)

ROUTERS = (
    auth.router,
    jobs.router,
    language.router,
    request.router,  # before cases: /cases/new is not a case id
    request_items.router,
    request_parties.router,
    casework.router,
    agreements.router,
    monitoring.router,
    cases.router,
    compliance.router,
    screening.router,
    reports.router,
    analytics.router,
    registry.router,
    users.router,
    reference.router,
    proposals.router,
    rfis.router,
    routing.router,
    amendments.router,
    clearances.router,
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


# how long the warm-up waits for the first answer before it starts anyway
FIRST_ANSWER_WAIT = 2.0


def load_demo(app: FastAPI) -> None:
    """`amanah serve --demo` on a data directory without the demo: loaded after the socket
    opened (a second or two: the first screenings load the matcher); until then the login page
    says so and refuses to log anyone in."""
    from amanah import demo

    try:
        with transaction(app.state.engine) as session:
            if demo.load(session):
                log.warning("demo data loaded")
    except Exception:
        log.exception("loading the demo data failed")
    finally:
        app.state.ready.set()


def warm_up_after_first_answer(app: FastAPI) -> None:
    """The slow start-up work, in the background once the first page has been answered (or
    after FIRST_ANSWER_WAIT seconds): the server answers within a second or two of starting
    instead of after the warm-up. Until it is done, the first screening does the work itself."""
    if not app.state.ready.is_set():
        load_demo(app)
    app.state.first_answer.wait(timeout=FIRST_ANSWER_WAIT)
    engine = app.state.engine
    try:
        # logic-v2 loads its name data on first use (seconds), ICU its transliteration rules
        warm_names()
        if app.state.build_matcher:
            warm_matcher(engine)  # the matcher over the stored lists (seconds with UN and OFAC)
    except Exception:  # a thread's failure is otherwise silent; the first screening retries
        log.exception("screening warm-up failed")
    finally:
        app.state.warm.set()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Started before the socket opens: the warm-up thread waits for the first answer."""
    threading.Thread(
        target=warm_up_after_first_answer, args=(app,), name="amanah-warm-up", daemon=True
    ).start()
    yield


def create_app(
    engine: Engine | None = None, *, build_matcher: bool = False, with_demo: bool = False
) -> FastAPI:
    """The application over `engine` (migrated here). With `build_matcher` (`amanah serve`),
    the screening matcher over the stored lists is built in the background after start-up;
    with `with_demo`, the demo data is loaded first, also in the background."""
    bus.start()
    engine = engine or default_engine()
    migrate(engine)
    with transaction(engine) as session:
        load_reference_embargoes(session)
    refresh_statistics(engine)  # 0.03 s with 100,000 cases
    runner.run_in_background(engine)  # SQLite: jobs in a thread of this server, progress live
    # the API docs (Swagger UI) are served from a package's files, never from a CDN; no
    # validator badge either, which Swagger UI would fetch from its own site. No ReDoc: its
    # page loads the Redocly logo from Redocly's CDN whatever the options
    app = FastAPIOffline(
        redoc_url=None,
        title="Amanah",
        version=__version__,
        description="Defence technology sharing: cases, compliance, screening, reports.",
        static_url="/static-docs",
        favicon_url="/static/amanah.svg",
        swagger_ui_parameters={"validatorUrl": None},
        lifespan=lifespan,
        dependencies=[Depends(bounded_integers)],
        responses=ERROR_RESPONSES,
    )
    app.add_middleware(SecurityHeaders)
    app.state.engine = engine
    app.state.build_matcher = build_matcher
    app.state.first_answer = threading.Event()
    app.state.warm = threading.Event()  # set once the warm-up is over: a page may say so
    app.state.ready = threading.Event()  # set once the demo (if asked for) is loaded
    if not with_demo:
        app.state.ready.set()
    app.add_exception_handler(AmanahError, domain_error)
    app.add_exception_handler(RequestValidationError, invalid_request)

    @app.middleware("http")
    async def language(request: Request, call_next: Any) -> Response:
        """The language of this request: the person's choice, else their browser's."""
        chosen = request.cookies.get("amanah_lang") or choose_language(
            request.headers.get("accept-language", "")
        )
        token = current_language.set(chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE)
        digits = current_digits.set(
            "arab" if request.cookies.get("amanah_digits") == "arab" else "latn"
        )
        hijri = current_hijri.set(request.cookies.get("amanah_hijri") == "1")
        try:
            response: Response = await call_next(request)
        finally:
            current_language.reset(token)
            current_digits.reset(digits)
            current_hijri.reset(hijri)
        app.state.first_answer.set()  # the warm-up may begin

        return response

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def serve_app() -> FastAPI:
    """The application of one of `amanah serve --workers N`'s processes: each builds its own
    (sessions, tokens and jobs are in the database; each builds its screening matcher from the
    lists it finds there)."""
    return create_app(build_matcher=True)
