"""The language of the current request, and gettext for templates and Python alike.

Every string shown to a person goes through `gettext` (in templates `_()` or `{% trans %}`), so a
new language is a catalogue, not a template edit. The locale of the request lives in a context
variable set once per request (with the person's digits and calendar); the catalogues are
`locale/<language>/LC_MESSAGES/messages.po`, kept up to date by `./dev catalogue`
(`amanah.i18n.catalogue`). The compiled `.mo` is used when it is at least as new as its `.po`;
otherwise (a fresh clone) the `.po` is compiled in memory once, so nothing must be built first.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"  # the messages themselves are English
LANGUAGES = ("en", "ar")
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
#: the digits a person may prefer: CLDR numbering systems (Western "0-9", Arabic-Indic "٠-٩")
DIGITS = ("latn", "arab")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def process_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language outside a request (the command line): `AMANAH_LANGUAGE`, else the POSIX
    locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, e.g. ar_SA.UTF-8), else English. A request always
    sets its own (the person's choice, else Accept-Language)."""
    for name in ("AMANAH_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            language = value.split("_")[0].split(".")[0].split("-")[0].lower()
            return language if language in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


PROCESS_LANGUAGE = process_language()
current_language: ContextVar[str] = ContextVar("current_language", default=PROCESS_LANGUAGE)
current_digits: ContextVar[str] = ContextVar("current_digits", default="latn")
#: whether dates carry their Hijri (Umm al-Qura) date beside the Gregorian one
current_hijri: ContextVar[bool] = ContextVar("current_hijri", default=False)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


@lru_cache
def translations(language: str) -> NullTranslations:
    directory = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = directory / "messages.po", directory / "messages.mo"
    if language == SOURCE_LANGUAGE or not po.exists():
        return NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as handle:
            return Translations(handle)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy messages are left out, as `pybabel compile` does
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    if not message:
        return message  # gettext("") is the catalogue's header
    return translations(current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language.get()).ngettext(singular, plural, n)


@dataclass(frozen=True)
class Text:
    """A catalogue message with its values, translated when it is shown (as a value of a
    domain error's message, say)."""

    message: str
    values: Mapping[str, object] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        """English, as written (a value that is a Text too)."""
        return self.message % self.values if self.values else self.message

    def translated(self) -> str:
        """In the language of the request, each value that is a `Text`, `Word` or `Words`
        translated too."""
        text = gettext(self.message)
        if not self.values:
            return text
        return text % {name: translated(v) for name, v in self.values.items()}


@dataclass(frozen=True)
class Word:
    """A stored code inside a message (a case state, a role, a transfer kind): English keeps
    the code, as the stored reasons, audit trail and API do; a reader of another language
    reads its words: `label` (a catalogue message, e.g. a transition's "Approve") when given,
    else the code's label in `amanah.labels.LABELS`. A code that is typed (a choice the
    command line or the API expects) reads with its code too: "مسودة (draft)"."""

    code: str
    label: str = ""
    typed: bool = False

    def __str__(self) -> str:
        return self.code

    def translated(self) -> str:
        if current_language.get() == SOURCE_LANGUAGE:
            return self.code
        if self.label:
            words = gettext(self.label)
        else:
            # the label table (amanah.labels) imports this module for its messages: it is
            # imported here, when a word is read, not when this module loads
            from amanah.labels import label

            words = label(self.code)
        return f"{words} ({self.code})" if self.typed and words != self.code else words


#: the separator of a list inside a sentence, a message of its own: "، " in Arabic
SEPARATOR = N_(", ")


@dataclass(frozen=True)
class Words:
    """A list of values inside a message (the roles that may act): joined by `separator`
    (a catalogue message: ", " in English, "، " in Arabic), each value translated."""

    items: tuple[object, ...]
    separator: str = SEPARATOR

    def __str__(self) -> str:
        return self.separator.join(str(item) for item in self.items)

    def translated(self) -> str:
        return gettext(self.separator).join(str(translated(item)) for item in self.items)


def translated(value: object) -> object:
    """A message's value as the reader reads it: a `Text`, `Word` or `Words` in the language
    of the request, anything else as it is."""
    return value.translated() if isinstance(value, Text | Word | Words) else value


def say(message: str, **values: object) -> str:
    """A catalogue message in the language of the request, then its values (a reason a pure
    module gives, such as a lifecycle guard's, read at once by the person who asked)."""
    return Text(message, values).translated()


def locale() -> Locale:
    return Locale.parse(current_language.get())


def direction() -> str:
    return "rtl" if current_language.get() in RIGHT_TO_LEFT else "ltr"


def digits(text: str) -> str:
    """`text` in the person's digits (Babel formats numbers itself; this is for the rest)."""
    return text.translate(ARABIC_INDIC) if current_digits.get() == "arab" else text


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
    for quality, language in sorted(weighted, key=lambda w: -w[0]):
        if language in LANGUAGES and quality > 0:
            return language
    return DEFAULT_LANGUAGE
