"""The language switch on every page and each person's preferences (language, digits, Hijri
dates). A choice is saved on the user (migration 0015) and carried by cookies, which the
language middleware reads on every request; logging in restores the saved choice. Without a
choice, the browser's Accept-Language decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from amanah.errors import InvalidInput
from amanah.i18n import DIGITS, LANGUAGES, N_, current_language, gettext
from amanah.users import service as users
from amanah.users.models import UserRow
from amanah.web.deps import Db, Who, check_csrf, page, web_session
from amanah.web.forms import done
from amanah.web.security import same_site_path

router = APIRouter()
LANGUAGE_COOKIE, DIGITS_COOKIE, HIJRI_COOKIE = "amanah_lang", "amanah_digits", "amanah_hijri"
YEAR = 365 * 24 * 3600
#: each language named in itself, as a switch shows it
NATIVE_NAMES = {"en": "English", "ar": "العربية"}
DIGIT_NAMES = {
    "latn": N_("Western digits (0123456789)"),
    "arab": N_("Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩)"),
}


def remember(response: Response, request: Request, user: UserRow) -> None:
    """The user's saved choices, as cookies (at login and after a change)."""
    secure = request.url.scheme == "https"
    for name, value in ((LANGUAGE_COOKIE, user.language), (DIGITS_COOKIE, user.digits),
                        (HIJRI_COOKIE, "1" if user.hijri else None)):  # fmt: skip
        if value:
            response.set_cookie(name, value, max_age=YEAR, samesite="lax", secure=secure)
        else:
            response.delete_cookie(name)


def _checked(language: str, digits: str | None) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(gettext("Choose English or Arabic"), field="language")
    if digits is not None and digits not in DIGITS:
        raise InvalidInput(gettext("Choose Western or Arabic-Indic digits"), field="digits")


@router.post("/language", include_in_schema=False)
def switch_language(
    request: Request,
    session: Db,
    language: Annotated[str, Form(max_length=8)],
    next: Annotated[str, Form(max_length=2000)] = "/",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The switch in the header: saved on the user when logged in (the form carries its CSRF
    token), else only in the browser (the login page has a switch too)."""
    _checked(language, None)
    response = RedirectResponse(same_site_path(next), status_code=303)
    ws = web_session(request)
    if ws is None:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=YEAR, samesite="lax",
                            secure=request.url.scheme == "https")  # fmt: skip
        return response
    check_csrf(request, csrf)
    user = users.get_user(session, ws.user_id)
    user.language = language
    remember(response, request, user)
    return response


@router.get("/preferences", response_class=HTMLResponse, include_in_schema=False)
def preferences_form(request: Request, session: Db, who: Who) -> HTMLResponse:
    user = users.get_user(session, who.user_id)
    return page(request, "preferences.html", who=who, section="preferences", user=user,
                languages=NATIVE_NAMES, digit_names=DIGIT_NAMES)  # fmt: skip


@router.post("/preferences", include_in_schema=False)
def save_preferences(
    request: Request,
    session: Db,
    who: Who,
    csrf: Annotated[str, Form(max_length=200)],
    language: Annotated[str, Form(max_length=8)],
    digits: Annotated[str, Form(max_length=8)] = "latn",
    hijri: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    check_csrf(request, csrf)
    _checked(language, digits)
    user = users.get_user(session, who.user_id)
    user.language, user.digits, user.hijri = language, digits, hijri == "yes"
    token = current_language.set(language)  # the banner in the language just chosen
    try:
        response = done("/preferences", gettext("Your preferences are saved"))
    finally:
        current_language.reset(token)
    remember(response, request, user)
    return response
