"""Every string a page shows goes through gettext: a template with literal prose outside `_()`
fails here, so a second language is a catalogue, never a template edit (issue: Arabic/English)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from amanah.web.templating import TEMPLATE_DIR, environment

#: words that are names, not prose: the same in every language
NAMES = frozenset({"Amanah"})
PLACEHOLDER = "\x00"
ENV = environment()


def literal_text(source: str) -> str:
    """The template's own text, with every `{{ }}` and `{% %}` replaced by a placeholder."""
    parts = []
    for _, kind, value in ENV.lex(source):
        parts.append(value if kind == "data" else PLACEHOLDER)
    text = "".join(parts)
    return re.sub(PLACEHOLDER + "+", PLACEHOLDER, text)


def unmarked_prose(source: str) -> list[str]:
    # scripts, styles and commands (<code>) are not prose
    text = re.sub(r"<(script|style|code)\b.*?</\1>", " ", literal_text(source), flags=re.S)
    found = [m.group(2) for m in re.finditer(
        r'\b(aria-label|title|placeholder|alt)="([^"]*)"', text) if _prose(m.group(2))]  # fmt: skip
    text = re.sub(r"<[^>]*>", " ", text)
    found += [chunk.strip() for chunk in re.split(f"[{PLACEHOLDER}\n]", text) if _prose(chunk)]
    return found


def unmarked_strings(source: str) -> list[str]:
    """String literals in expressions that read as a sentence but are not inside `_()`."""
    tokens = [t for t in ENV.lex(source) if t[1] != "whitespace"]
    found = []
    for i, (_, kind, value) in enumerate(tokens):
        if kind != "string" or not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", value):
            continue
        if "govuk-" in value or "amanah-" in value:
            continue  # CSS classes
        before = [t[2] for t in tokens[max(0, i - 6) : i]]
        if "(" in before and ({"_", "gettext", "ngettext"} & set(before)):
            continue
        found.append(ast.literal_eval(value))
    return found


def _prose(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w not in NAMES]
    return bool(words)


TEMPLATES = sorted(p.relative_to(TEMPLATE_DIR).as_posix() for p in TEMPLATE_DIR.rglob("*.html"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_string_a_page_shows_is_marked_for_translation(name: str) -> None:
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    assert unmarked_prose(source) == [], "text outside _() in the page"
    assert unmarked_strings(source) == [], "sentences in expressions outside _()"


def test_the_check_finds_unmarked_text_attributes_and_strings() -> None:
    assert unmarked_prose("<p>Hello there</p>") == ["Hello there"]
    assert unmarked_prose('<a aria-label="Close it" href="/x/{{ id }}/y">') == ["Close it"]
    assert unmarked_prose('<p>{{ _("Hello there") }} · {{ n }}</p><a href="/c/{{ i }}/act/">') == []
    assert unmarked_strings('{{ f({"text": "Save the case"}) }}') == ["Save the case"]
    assert unmarked_strings('{{ f({"text": _("Save the case")}) }}') == []


def test_the_template_folder_is_the_one_pages_use() -> None:
    assert Path(TEMPLATE_DIR, "base.html").is_file()
