"""The command line's help has its Arabic at every depth (issue 19; the command line run in
Arabic, in its own process: tests/integration/test_cli_language.py)."""

from __future__ import annotations

from amanah.cli.language import EXAMPLE, HELP_OPTION, TYPER_WORDS, USAGE, help_texts
from amanah.cli.main import app
from amanah.i18n import translations


def test_every_help_text_has_its_arabic() -> None:
    """A command's docstring or an option's help changed without its translation fails here
    (`./dev catalogue` lists it)."""
    catalogue = translations("ar")
    texts = [*help_texts(app), *TYPER_WORDS.values(), EXAMPLE, HELP_OPTION, USAGE]
    assert len(texts) > 150  # every command and option, not only the top level
    untranslated = [t for t in texts if catalogue.gettext(t) == t]
    assert untranslated == []
