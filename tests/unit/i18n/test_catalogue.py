"""The Arabic catalogue is complete: every message marked in the code or the templates has a
finished (non-empty, non-fuzzy) Arabic translation that keeps its placeholders. When another
change adds a message, `./dev catalogue` lists it (and this test names it) until it is written."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from amanah.i18n import LANGUAGES, SOURCE_LANGUAGE
from amanah.i18n.catalogue import KEYWORDS, ROOT, gaps, read

TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


def marked_messages() -> dict[str, list[str]]:
    """Every message marked in the source tree today, with where (extracted in memory, the
    way `./dev catalogue` extracts them into messages.pot)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords: dict[str, tuple[int, ...] | None] = {}
    for spec in KEYWORDS:
        name, _, positions = spec.partition(":")
        keywords[name] = tuple(int(p) for p in positions.split(",")) if positions else None
    found: dict[str, list[str]] = {}
    for path, line, message, *_ in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        text = message if isinstance(message, str) else message[0]
        found.setdefault(text, []).append(f"{path}:{line}")
    return found


def test_every_marked_message_has_a_finished_translation() -> None:
    marked = marked_messages()
    assert len(marked) > 600
    for language in TRANSLATED:
        catalog = read(language)
        finished = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
        }
        missing = {text: where[:2] for text, where in marked.items() if text not in finished}
        assert missing == {}, f"{language}: run ./dev catalogue and translate these"


def test_no_translation_is_fuzzy_empty_or_loses_a_placeholder() -> None:
    for language in TRANSLATED:
        catalog = read(language)
        assert gaps(catalog, language) == []
        assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def test_the_check_names_what_is_missing_or_fuzzy() -> None:
    catalog = Catalog(locale="ar")
    catalog.add("Cases", "القضايا", locations=[("a.py", 1)])
    catalog.add("Inbox", "", locations=[("b.html", 2)])
    catalog.add("Partners", "الشركاء", flags=["fuzzy"], locations=[("c.py", 3)])
    found = {(g.message, g.why, g.where) for g in gaps(catalog, "ar")}
    assert found == {("Inbox", "missing", ("b.html:2",)), ("Partners", "fuzzy", ("c.py:3",))}


def test_the_catalogue_ships_as_package_data() -> None:
    po = Path(ROOT, "src/amanah/locale/ar/LC_MESSAGES/messages.po")
    assert po.is_file()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.po"' in pyproject
