"""Reading a list page's query string and the links it makes (no database, no server)."""

from __future__ import annotations

from datetime import date

import pytest

from amanah.web.listing import Filter, Listing, read_listing

FILTERS = (Filter("q"), Filter("state", choices=("draft", "closed")), Filter("from", is_date=True))
SORTS = {"reference": False, "updated": True}


def listing(**params: str) -> Listing:
    return read_listing(params, "/cases", FILTERS, SORTS, "-updated")


@pytest.mark.parametrize("raw", ["0", "-3", "abc", "2.5", "", "99999999999999999999", "٣x"])
def test_a_page_that_is_not_a_page_number_reads_as_the_first(raw: str) -> None:
    assert listing(page=raw).page == 1


def test_a_page_past_the_end_reads_as_the_last() -> None:
    assert listing(page="40").within(total=120).page == 3


def test_a_bad_choice_or_date_is_named_and_not_applied_and_what_was_typed_is_kept() -> None:
    found = listing(q=" Patrol ", state="nonsense", **{"from": "31/02/2026"})
    assert found.get("q") == "Patrol" and found.get("state") is None and found.get("from") is None
    assert set(found.errors) == {"state", "from"}
    assert found.value("state") == "nonsense"


def test_dates_read_as_typed_in_either_order() -> None:
    assert listing(**{"from": "2026-03-27"}).get("from") == date(2026, 3, 27)
    assert listing(**{"from": "27/03/2026"}).get("from") == date(2026, 3, 27)


def test_the_sorted_column_header_reverses_and_another_starts_in_its_natural_direction() -> None:
    default = listing()
    assert default.header("updated") == {"href": "/cases?sort=updated", "aria_sort": "descending"}
    assert default.header("reference") == {"href": "/cases?sort=reference", "aria_sort": "none"}
    ascending = listing(sort="updated", q="x")
    assert ascending.header("updated") == {"href": "/cases?q=x", "aria_sort": "ascending"}
    assert listing(sort="nonsense").sort == "updated"


def test_pagination_shows_the_ends_and_the_pages_near_the_current_one() -> None:
    params = listing(q="radio", page="10").pagination(total=50 * 20)
    assert params is not None
    numbers = [i.get("number", "…") for i in params["items"]]
    assert numbers == [1, "…", 8, 9, 10, 11, 12, "…", 20]
    assert params["previous"]["href"] == "/cases?q=radio&page=9"
    assert params["next"]["href"] == "/cases?q=radio&page=11"
    assert listing().pagination(total=50) is None
