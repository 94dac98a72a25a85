"""Parsers for the official sanctions-list formats. Each yields `ListedEntity` records; a broken
or truncated file raises `InvalidInput` naming the file and the reason, before anything is stored."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.screening.entity import ListedEntity, ParsedList

FORMATS = ("un-xml", "ofac-csv", "ofac-xml", "eu-xml", "uk-csv", "ftm")


def parse(path: Path, fmt: str) -> ParsedList:
    from amanah.screening.lists import eu, ftm, ofac, uk, un

    parsers: dict[str, Callable[[Path], ParsedList]] = {
        "un-xml": un.parse,
        "ofac-csv": ofac.parse_csv,
        "ofac-xml": ofac.parse_xml,
        "eu-xml": eu.parse,
        "uk-csv": uk.parse,
        "ftm": ftm.parse,
    }
    if fmt not in parsers:
        raise InvalidInput(
            N_("unknown list format %(fmt)r; use one of %(FORMATS)s"),
            field="format",
            values={"fmt": fmt, "FORMATS": ", ".join(FORMATS)},
        )
    if not path.is_file():
        raise InvalidInput(
            N_("%(path)s is not a readable file"), field="path", values={"path": path}
        )
    parsed = parsers[fmt](path)
    if not parsed.entities:
        raise InvalidInput(
            N_("%(name)s: no entries found; is it a %(fmt)s file?"),
            field="path",
            values={"name": path.name, "fmt": fmt},
        )
    return parsed if parsed.sources else replace(parsed, sources=(path,))


def checksum(parsed: ParsedList) -> str:
    """SHA-256 over every file the list was read from, so that a new companion file counts."""
    digest = hashlib.sha256()
    for source in parsed.sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def local(tag: object) -> str:
    """An XML tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def read_xml(
    path: Path,
    record_tags: tuple[str, ...],
    build: Callable[[Any], ListedEntity],
    dated: Callable[[str, str, Any], date | None],
) -> tuple[tuple[ListedEntity, ...], date | None]:
    """Stream an XML list: `build` each element named in `record_tags`; `dated(event, tag, element)` finds
    the publication date. A file that is not well-formed (truncated) is refused."""
    from lxml import etree

    entities: list[ListedEntity] = []
    published: date | None = None
    try:
        for event, element in etree.iterparse(str(path), events=("start", "end")):
            tag = local(element.tag)
            published = dated(event, tag, element) or published
            if event == "end" and tag in record_tags:
                entities.append(build(element))
                element.clear()
    except etree.XMLSyntaxError as error:
        raise bad_file(path, f"not well-formed XML ({error})") from None
    return tuple(entities), published


def bad_file(path: Path, reason: str) -> InvalidInput:
    return InvalidInput(
        N_("%(name)s was refused: %(reason)s; nothing was imported"),
        field="path",
        values={"name": path.name, "reason": reason},
    )


def country_code(text: str | None) -> str | None:
    """A country name or code as the lists write it → ISO 3166 alpha-2 (upper case)."""
    if not text or not text.strip():
        return None
    from followthemoney import registry  # (a second to import: only the parsers need it)

    code = registry.country.clean(text.strip())
    return code.upper() if code else None


_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%b %Y", "%Y")


def partial_date(text: str | None) -> str | None:
    """A list's date of birth → ISO prefix (`1970`, `1970-01`, `1970-01-31`); None if unreadable.
    OFSI writes unknown parts as 00 (`00/00/1970`)."""
    if not text:
        return None
    raw = text.strip()
    ofsi = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", raw)
    if ofsi:
        day, month, year = ofsi.groups()
        if int(month) > 12 or int(day) > 31:
            return year
        if month == "00":
            return year
        return f"{year}-{month}" if day == "00" else f"{year}-{month}-{day}"
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(raw, fmt)
        except ValueError:
            continue
        if fmt == "%Y":
            return f"{parsed.year:04d}"
        if fmt == "%b %Y":
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return parsed.date().isoformat()
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", raw)
    return year.group(1) if year else None


def iso_date(text: str | None) -> date | None:
    value = partial_date(text)
    if value and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def clean(text: str | None) -> str:
    return " ".join((text or "").split())
