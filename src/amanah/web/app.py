"""The web application: thin routes that parse, call a service and render."""


from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah import __version__
from amanah.cases import service as cases
from amanah.cases.detail import case_detail
from amanah.cases.schemas import CaseIn, PartyIn, TransitionIn
from amanah.compliance import service as compliance
from amanah.compliance.schemas import EvaluateRequest, EvaluateResponse
from amanah.config import get_settings
from amanah.db.engine import default_engine, migrate, transaction
from amanah.errors import AmanahError, Forbidden
from amanah.partners.service import load_reference_embargoes
from amanah.users import service as users
from amanah.users.roles import Actor
from amanah.web.auth import SessionStore, WebSession

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
COOKIE = "amanah_session"


def create_app(engine: Engine | None = None) -> FastAPI:
    engine = engine or default_engine()
    migrate(engine)
    with transaction(engine) as session:
        load_reference_embargoes(session)
    store = SessionStore(timedelta(hours=get_settings().session_hours))
    app = FastAPI(title="Amanah", version=__version__,
                  description="Defence technology sharing: cases, compliance, screening, reports.")  # fmt: skip
    app.state.engine, app.state.sessions = engine, store

    def db() -> Iterator[Session]:
        with transaction(engine) as session:
            yield session

    def web_session(request: Request) -> WebSession | None:
        return store.get(request.cookies.get(COOKIE))

    def actor(request: Request, session: Annotated[Session, Depends(db)]) -> Actor:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return users.actor_of(users.user_for_token(session, header[7:].strip()))
        ws = web_session(request)
        if ws is None:
            raise Forbidden("log in first")
        return users.actor_of(users.get_user(session, ws.user_id))

    Db = Annotated[Session, Depends(db)]
    Who = Annotated[Actor, Depends(actor)]

    def check_csrf(request: Request, token: str) -> None:
        ws = web_session(request)
        if ws is None or token != ws.csrf:
            raise Forbidden("the form expired or did not come from Amanah; reload the page", field="csrf")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        ws = web_session(request)
        return TEMPLATES.TemplateResponse(request, name, {"csrf": ws.csrf if ws else "", **context})

    @app.exception_handler(AmanahError)
    def domain_error(request: Request, error: AmanahError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(error.as_dict(), status_code=error.status)
        if isinstance(error, Forbidden) and web_session(request) is None:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return TEMPLATES.TemplateResponse(request, "error.html", {"error": error, "csrf": ""},
                                          status_code=error.status)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        loc = [str(p) for p in first["loc"] if p not in ("body", "query", "path", "form")]
        return JSONResponse({"code": "invalid_input", "message": first["msg"],
                             "field": ".".join(loc) or None}, status_code=422)  # fmt: skip

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", next=next, error=None)

    @app.post("/login", include_in_schema=False)
    def login(request: Request, session: Db, username: Annotated[str, Form()],
              password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:  # fmt: skip
        try:
            user = users.authenticate(session, username, password)
        except Forbidden as error:
            return TEMPLATES.TemplateResponse(request, "login.html",
                                              {"next": next, "error": error.message, "csrf": ""},
                                              status_code=403)  # fmt: skip
        sid, _ = store.open(user.id)
        response = RedirectResponse(next if next.startswith("/") else "/", status_code=303)
        response.set_cookie(COOKIE, sid, httponly=True, samesite="strict")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form()]) -> Response:
        check_csrf(request, csrf)
        store.close(request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def inbox(request: Request, session: Db, who: Who) -> HTMLResponse:
        return page(request, "inbox.html", who=who, cases=cases.inbox(session, who))

    @app.get("/cases", response_class=HTMLResponse, include_in_schema=False)
    def case_list(request: Request, session: Db, who: Who, state: str = "", partner: str = "",
                  q: str = "", page_no: int = 1) -> HTMLResponse:  # fmt: skip
        result = cases.list_cases(session, who, state=state or None, partner=partner or None,
                                  q=q or None, page=page_no)  # fmt: skip
        return page(request, "cases.html", who=who, result=result, state=state, partner=partner, q=q)

    @app.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
    def case_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
        return page(request, "case.html", who=who, case=case_detail(session, who, case_id))

    @app.post("/cases/{case_id}/transition", include_in_schema=False)
    def case_transition(request: Request, case_id: int, session: Db, who: Who,
                        action: Annotated[str, Form()], csrf: Annotated[str, Form()],
                        version: Annotated[int, Form()], reason: Annotated[str, Form()] = "") -> Response:  # fmt: skip
        check_csrf(request, csrf)
        cases.transition(session, who, case_id, action, reason, expected_version=version)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @app.post("/cases/{case_id}/parties", include_in_schema=False)
    def case_add_party(request: Request, case_id: int, session: Db, who: Who,
                       role: Annotated[str, Form()], name: Annotated[str, Form()],
                       country: Annotated[str, Form()], csrf: Annotated[str, Form()],
                       type: Annotated[str, Form()] = "organisation") -> Response:  # fmt: skip
        check_csrf(request, csrf)
        cases.add_party(session, who, case_id, PartyIn(role=role, name=name, country=country, type=type))
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @app.post("/api/v1/auth/token", tags=["auth"])
    def api_token(session: Db, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> dict[str, str]:
        """Exchange a username and password for an API bearer token."""
        user = users.authenticate(session, username, password)
        return {"token": users.issue_token(session, user, "api")}

    @app.get("/api/v1/cases", tags=["cases"])
    def api_cases(session: Db, who: Who, state: str | None = None, partner: str | None = None,
                  q: str | None = None, page: int = 1, per_page: int = 50) -> dict[str, Any]:  # fmt: skip
        result = cases.list_cases(session, who, state=state, partner=partner, q=q, page=page, per_page=per_page)
        return {"total": result.total, "page": result.page, "per_page": result.per_page,
                "cases": [{"id": c.id, "reference": c.reference, "title": c.title,
                           "partner": c.partner_code, "state": c.state, "outcome": c.outcome,
                           "version": c.version} for c in result.rows]}  # fmt: skip

    @app.post("/api/v1/cases", status_code=201, tags=["cases"])
    def api_open_case(data: CaseIn, session: Db, who: Who) -> dict[str, Any]:
        case = cases.open_case(session, who, data)
        return case_detail(session, who, case.id)

    @app.get("/api/v1/cases/{case_id}", tags=["cases"])
    def api_case(case_id: int, session: Db, who: Who) -> dict[str, Any]:
        return case_detail(session, who, case_id)

    @app.post("/api/v1/cases/{case_id}/transitions", tags=["cases"])
    def api_transition(case_id: int, data: TransitionIn, session: Db, who: Who) -> dict[str, Any]:
        cases.transition(session, who, case_id, data.action, data.reason, data.expected_version)
        return case_detail(session, who, case_id)

    @app.post("/api/v1/cases/{case_id}/parties", status_code=201, tags=["cases"])
    def api_add_party(case_id: int, data: PartyIn, session: Db, who: Who) -> dict[str, Any]:
        cases.add_party(session, who, case_id, data)
        return case_detail(session, who, case_id)

    @app.post("/api/v1/compliance/evaluate", tags=["compliance"], response_model=EvaluateResponse)
    def api_evaluate(data: EvaluateRequest, session: Db, who: Who) -> EvaluateResponse:
        """Advisory (what-if) assessment of inline facts. Nothing is stored."""
        result = compliance.advise(session, data)
        return EvaluateResponse.model_validate({
            "outcome": result.outcome.value, "ruleset_version": result.ruleset_version,
            "findings": [f.as_dict() for f in result.findings]})  # fmt: skip

    return app
