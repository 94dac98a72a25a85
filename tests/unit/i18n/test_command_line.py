"""The command line's top-level help has its Arabic (issue 19; the command line run in Arabic:
tests/integration/test_cli_language.py)."""

from __future__ import annotations

from amanah.cli.language import EXAMPLE, HELP_OPTION, TYPER_WORDS, top_level_texts
from amanah.cli.main import app
from amanah.i18n import translations


def test_every_top_level_help_text_has_its_arabic() -> None:
    """A command's docstring changed without its translation fails here (`./dev catalogue`
    lists it)."""
    catalogue = translations("ar")
    texts = [*top_level_texts(app), *TYPER_WORDS.values(), EXAMPLE, HELP_OPTION]
    assert len(texts) > 30
    untranslated = [t for t in texts if catalogue.gettext(t) == t]
    assert untranslated == []
