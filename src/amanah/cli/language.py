"""The command line in the person's language (issue 19): `AMANAH_LANGUAGE`, else the POSIX
locale (`LANG=ar_SA.UTF-8`), read once at start (`amanah.i18n.PROCESS_LANGUAGE`).

- Domain errors and messages are catalogue messages: they print in that language as they do on
  the pages (`fail` prints `error.message`).
- Help: the command tree Typer builds is translated before it runs (`localise`): each command's
  help, short help and epilog and each option's help. Every command's and group's help and
  every option's help, at every depth, is extracted from the tree into the catalogue by
  `./dev catalogue` (`help_texts`), with Typer's panel titles (`TYPER_WORDS`), so `--help`
  reads in Arabic at every level.
- Click's own words are literals inside Typer's vendored Click, with no gettext: the usage
  line's `Usage:` (`USAGE`, through each command's `format_usage`) and the --help option's help
  are translated here; its parse errors (`No such option`) stay English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import typer

from amanah.i18n import N_, PROCESS_LANGUAGE, SOURCE_LANGUAGE, gettext

#: Typer's fixed words (typer.rich_utils, made with the stdlib's gettext at its import)
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
#: the label of each command's example (`amanah.cli.common.example`)
EXAMPLE = N_("Example:")
#: the help of Click's --help option
HELP_OPTION = N_("Show this message and exit.")
#: the usage line's prefix (Click's `HelpFormatter.write_usage`)
USAGE = N_("Usage: ")


def _nodes(command: Any, depth: int) -> Iterator[tuple[Any, int]]:
    yield command, depth
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from _nodes(sub, depth + 1)


def help_texts(app: typer.Typer) -> list[str]:
    """The help texts of the whole command tree: the application's, each command's and
    group's, and each option's (catalogue messages, extracted by `./dev catalogue`)."""
    command = typer.main.get_command(app)
    texts: list[str] = []
    for node, _depth in _nodes(command, 0):
        texts += [t for t in (node.help, node.short_help) if t]
        texts += [p.help for p in node.params if getattr(p, "help", None)]
    return list(dict.fromkeys(texts))


def localise(command: Any) -> None:
    """Translate the built command tree in place (help, short help, epilog, options' help)."""
    for node, _depth in _nodes(command, 0):
        for name in ("help", "short_help"):
            text = getattr(node, name, None)
            if text:
                setattr(node, name, gettext(text))
        if node.epilog and node.epilog.startswith("Example: "):
            node.epilog = f"{gettext(EXAMPLE)} {node.epilog.removeprefix('Example: ')}"
        for param in node.params:
            if getattr(param, "help", None):
                param.help = gettext(param.help)
        node.get_help_option = _translated_help_option(node.get_help_option)
        node.format_usage = _translated_usage(node)


def _translated_help_option(made: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Click makes the --help option when help is shown: its help, translated."""

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and option.help == HELP_OPTION:
            option.help = gettext(HELP_OPTION)
        return option

    return help_option


def _translated_usage(node: Any) -> Callable[[Any, Any], None]:
    """The usage line with its prefix translated (Click writes "Usage: " itself)."""

    def format_usage(ctx: Any, formatter: Any) -> None:
        pieces = node.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=gettext(USAGE))

    return format_usage


def localise_typer_words() -> None:
    from typer import rich_utils

    for name, message in TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(message))


class LocalisedTyper(typer.Typer):
    """A Typer application whose help reads in the process's language (English: unchanged)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if PROCESS_LANGUAGE == SOURCE_LANGUAGE:
            return super().__call__(*args, **kwargs)
        localise_typer_words()
        command = typer.main.get_command(self)
        localise(command)
        return command(*args, **kwargs)
