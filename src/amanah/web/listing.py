"""A list page's query string: the filters typed (kept in the form after submit), the sort and
the page; and the links that change one of them (column headers with aria-sort, pagination).

A bad value never makes a 500: a page number that is not a number reads as the first page, a
page past the end as the last one, and a filter value that is not one of its choices (or not a
date) is left out of the query and named in the error summary, the typed text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from amanah.i18n import N_, say
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.web.forms import FormState

PER_PAGE = 50
MAX_TEXT = 200
MAX_PAGE = 10_000_000


def typed_text(raw: object, limit: int = MAX_TEXT) -> str:
    """A query-string value as text to search for: trimmed, at most `limit` characters, without
    the NUL character (PostgreSQL refuses it in text)."""
    return str(raw or "").replace("\x00", "").strip()[:limit]


def _page_number(raw: str) -> int:
    raw = raw.strip()
    if not raw.isdecimal() or len(raw) > 8:
        return 1
    return max(1, min(int(raw), MAX_PAGE))


def as_date(text: str) -> date:
    """A date typed as 2026-03-27 (what a date field sends) or 27/03/2026."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    day, month, year = (int(p) for p in text.replace("-", "/").replace(".", "/").split("/"))
    return date(year, month, day)


@dataclass(frozen=True)
class Filter:
    """One field of a list's filter form: free text, one of `choices`, or a date."""

    name: str
    choices: Collection[str] | None = None
    is_date: bool = False

    def check(self, text: str) -> tuple[object, str | None]:
        """(the value to filter by, or None; the error to show, if any)."""
        if not text:
            return None, None
        if self.is_date:
            try:
                return as_date(text), None
            except (ValueError, TypeError):
                return None, _("Enter a real date, for example 2026-03-27")
        if self.choices is not None and text not in self.choices:
            return None, _("Choose one of the options in the list")
        return text, None


@dataclass(frozen=True)
class Listing:
    """What a list page was asked for: filter values, sort key and direction, page."""

    path: str
    typed: dict[str, str]
    applied: dict[str, Any]
    errors: dict[str, str]
    sort: str
    descending: bool
    default_sort: tuple[str, bool]
    page: int = 1
    per_page: int = PER_PAGE
    directions: Mapping[str, bool] = field(default_factory=dict)

    @property
    def form(self) -> FormState:
        return FormState(values=dict(self.typed), errors=dict(self.errors))

    def value(self, name: str) -> str:
        return self.typed.get(name, "")

    def get(self, name: str) -> Any:
        """The checked value of a filter, or None when it is empty or was not valid."""
        return self.applied.get(name)

    def last_page(self, total: int) -> int:
        return max(1, -(-total // self.per_page))

    def within(self, total: int) -> Listing:
        """The same listing, its page brought back inside the pages that exist."""
        return replace(self, page=min(self.page, self.last_page(total)))

    def url(self, **changes: object) -> str:
        params: dict[str, object] = {
            k: v for k, v in self.typed.items() if v and k not in self.errors
        }
        if (self.sort, self.descending) != self.default_sort:
            params["sort"] = ("-" if self.descending else "") + self.sort
        if self.page > 1:
            params["page"] = self.page
        for key, value in changes.items():
            params.pop(key, None)
            if value not in ("", None) and not (key == "page" and value == 1):
                params[key] = value
        query = urlencode(params)
        return f"{self.path}?{query}" if query else self.path

    def header(self, key: str) -> dict[str, str]:
        """A sortable column header: its link (the current sort reversed, else this column in
        its natural direction) and its aria-sort."""
        if key == self.sort:
            aria = "descending" if self.descending else "ascending"
            flip = not self.descending
        else:
            aria, flip = "none", self.directions.get(key, False)
        code = ("-" if flip else "") + key
        default = ("-" if self.default_sort[1] else "") + self.default_sort[0]
        return {"href": self.url(sort="" if code == default else code, page=1), "aria_sort": aria}

    def pagination(self, total: int) -> dict[str, Any] | None:
        """govukPagination's parameters; None when everything fits on one page."""
        last = self.last_page(total)
        if last <= 1:
            return None
        shown = sorted({1, last, *range(max(1, self.page - 2), min(last, self.page + 2) + 1)})
        items: list[dict[str, Any]] = []
        before = 0
        for number in shown:
            if number - before > 1:
                items.append({"ellipsis": True})
            items.append({"number": number, "href": self.url(page=number),
                          "current": number == self.page,
                          "visuallyHiddenText": say(N_("Page %(number)s"), number=number)})  # fmt: skip
            before = number
        params: dict[str, Any] = {"items": items, "landmarkLabel": _("Pages of results")}
        if self.page > 1:
            params["previous"] = {"href": self.url(page=self.page - 1), "text": _("Previous")}
        if self.page < last:
            params["next"] = {"href": self.url(page=self.page + 1), "text": _("Next")}
        return params


def read_listing(
    params: QueryParams | Mapping[str, str],
    path: str,
    filters: Collection[Filter],
    sorts: Mapping[str, bool],
    default_sort: str,
    *,
    per_page: int = PER_PAGE,
    page_aliases: Collection[str] = (),
) -> Listing:
    """Read a list page's query string. `sorts` maps each sortable key to its natural direction
    (True: descending first); `default_sort` is a key, prefixed with '-' for descending."""
    typed: dict[str, str] = {}
    applied: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in filters:
        text = typed_text(params.get(f.name, ""))
        typed[f.name] = text
        value, error = f.check(text)
        if error:
            errors[f.name] = error
        elif value is not None:
            applied[f.name] = value
    default = (default_sort.lstrip("-"), default_sort.startswith("-"))
    asked = str(params.get("sort", "") or "")
    key, descending = asked.lstrip("-"), asked.startswith("-")
    if key not in sorts:
        key, descending = default
    raw_page = next((str(params[n]) for n in ("page", *page_aliases) if params.get(n)), "")
    return Listing(path=path, typed=typed, applied=applied, errors=errors, sort=key,
                   descending=descending, default_sort=default, page=_page_number(raw_page),
                   per_page=per_page, directions=dict(sorts))  # fmt: skip


def choices(values: Collection[str], selected: str, blank: str,
            text: Callable[[str], str] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """A govukSelect's items: a blank "any" first, then each value as words."""
    words = text or label
    return [{"value": "", "text": blank}] + [
        {"value": v, "text": words(v), "selected": v == selected} for v in values
    ]
