"""The one command that keeps the catalogues in step with the code: `./dev catalogue` (or
`python -m amanah.i18n.catalogue`) extracts every marked message into `locale/messages.pot`,
updates each language's `messages.po` (new messages arrive empty, never as fuzzy guesses),
compiles the `.mo` files, and lists every message a catalogue still lacks or marks fuzzy, with
where it is used. It exits 1 while any is missing, so a translator knows exactly what to write.

Run from a checkout (it reads `babel.cfg` at the repository's root)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from amanah.i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

ROOT = LOCALE_DIR.parents[2]
TEMPLATE = LOCALE_DIR / "messages.pot"
KEYWORDS = ("_", "N_", "gettext", "ngettext:1,2")


@dataclass(frozen=True)
class Gap:
    """A message that a language's catalogue lacks (empty) or only guesses (fuzzy)."""

    language: str
    message: str
    why: str  # "missing" or "fuzzy"
    where: tuple[str, ...]


def po_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def gaps(catalog: Catalog, language: str) -> list[Gap]:
    """Every message of `catalog` without a finished translation."""
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        where = tuple(f"{path}:{line}" for path, line in message.locations)
        text = message.id if isinstance(message.id, str) else message.id[0]
        if not all(strings):
            found.append(Gap(language, text, "missing", where))
        elif message.fuzzy:
            found.append(Gap(language, text, "fuzzy", where))
    return found


def read(language: str) -> Catalog:
    with po_file(language).open("rb") as handle:
        return read_po(handle, locale=language)


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def command_line_help() -> list[str]:
    """The help texts `amanah --help` shows (docstrings and `help=`, read from the command
    tree Typer builds: see `amanah.cli.language`)."""
    from amanah.cli.language import help_texts
    from amanah.cli.main import app

    return help_texts(app)


def _add_command_line_help(template: Path) -> None:
    """Append the command line's help texts that the template lacks (at its end, so the
    extracted messages keep their order)."""
    with template.open("rb") as handle:
        extracted = read_po(handle)
    added = Catalog()
    for text in command_line_help():
        if text not in extracted:
            added.add(text, auto_comments=["amanah --help"])
    if not len(added):
        return
    out = BytesIO()
    write_po(out, added, width=0, omit_header=True)
    with template.open("ab") as handle:
        handle.write(b"\n" + out.getvalue())


def main() -> int:
    os.chdir(ROOT)  # message locations relative to the checkout: src/amanah/…
    _pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-o", str(TEMPLATE), "--no-wrap",
             "--sort-by-file", "--project", "Amanah", "--copyright-holder", "Amanah",
             *[f"-k{k}" for k in KEYWORDS], ".")  # fmt: skip
    _add_command_line_help(TEMPLATE)
    missing: list[Gap] = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        command = "update" if po_file(language).exists() else "init"
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
        _pybabel(command, "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", language,
                 "--no-wrap", *extra)  # fmt: skip
        _pybabel("compile", "-d", str(LOCALE_DIR), "-l", language)
        catalog = read(language)
        language_gaps = gaps(catalog, language)
        total = sum(1 for m in catalog if m.id)
        print(f"{language}: {total - len(language_gaps)} of {total} messages translated")
        missing += language_gaps
    for gap in missing:
        print(f"{gap.language} {gap.why}: {gap.message!r}  ({', '.join(gap.where[:3])})")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
