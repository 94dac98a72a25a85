"""The language of the current request, and gettext for templates and Python alike.

Every string shown to a person goes through `gettext` (in templates `_()` or `{% trans %}`), so a
new language is a catalogue, not a template edit. The locale of the request lives in a context
variable set once per request; catalogues are compiled with Babel into `amanah/locale/`.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ar")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


@lru_cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE or not (LOCALE_DIR / language).is_dir():
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language])


def gettext(message: str) -> str:
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


def locale() -> Locale:
    return Locale.parse(current_language.get())


def direction() -> str:
    return "rtl" if current_language.get() in RIGHT_TO_LEFT else "ltr"


def choose_language(accept_language: str) -> str:
    """The first language of an Accept-Language header that Amanah speaks."""
    weighted = []
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((quality, tag.strip().lower().split("-")[0]))
    for _, language in sorted(weighted, key=lambda w: -w[0]):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE
