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
  are translated here, and so are its parse errors (`localise_error`): each kind of error
  (`No such option`, `Missing argument`, `Invalid value for`, `No such command`, an extra
  argument, an option without its value) is rebuilt from the exception's own fields as a
  catalogue message, and a value Typer refused through pydantic reads as the pages read the
  same error (`amanah.i18n.validation.reason`). A message Click writes that is not listed here
  keeps its English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import typer
from typer._click import exceptions as click_errors

from amanah.i18n import N_, PROCESS_LANGUAGE, SOURCE_LANGUAGE, Text, gettext

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
#: Click's parse errors, by the kind of parameter it names (`MissingParameter.param_type`)
MISSING = {
    "argument": N_("Missing argument %(name)s."),
    "option": N_("Missing option %(name)s."),
    "parameter": N_("Missing parameter %(name)s."),
}
NO_SUCH_OPTION = N_("No such option: %(option)s")
POSSIBLE_OPTIONS = N_("(Possible options: %(options)s)")
INVALID_VALUE = N_("Invalid value for %(name)s: %(reason)s")
INVALID = N_("Invalid value: %(reason)s")
#: Click's other usage errors, as it writes them (a pattern whose groups are the values)
USAGE_ERRORS = (
    (re.compile(r"No such command (?P<name>'[^']*')\. Did you mean (?P<like>'[^']*')\?\Z"),
     N_("No such command %(name)s. Did you mean %(like)s?")),
    (re.compile(r"No such command (?P<name>'.*')\.\Z", re.S), N_("No such command %(name)s.")),
    (re.compile(r"Missing command\.\Z"), N_("Missing command.")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)\Z", re.S),
     N_("Got unexpected extra arguments (%(arguments)s)")),
    (re.compile(r"Option (?P<option>'.*') requires an argument\.\Z"),
     N_("Option %(option)s requires an argument.")),
    (re.compile(r"Option (?P<option>'.*') requires (?P<count>\d+) arguments\.\Z"),
     N_("Option %(option)s requires %(count)s arguments.")),
    (re.compile(r"Option (?P<option>'.*') does not take a value\.\Z"),
     N_("Option %(option)s does not take a value.")),
)  # fmt: skip


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


def _hint(error: Any) -> str | None:
    """The parameter an error names, written as Click writes it ("'--limit'", "'NAME'")."""
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _reason(error: Any) -> str:
    """Why a value was refused: pydantic's error in the person's language when Typer checked
    the value through pydantic, else the text it was raised with."""
    cause = error.__cause__
    if cause is not None and hasattr(cause, "errors"):
        from amanah.i18n.validation import reason

        errors = cause.errors()
        if errors:
            return reason(errors[0]).translated()
    return str(error.message)


def error_message(error: Any) -> str | None:
    """A Click parse error in the person's language; None for an error Click writes in a way
    not listed here (it keeps its English)."""
    if isinstance(error, click_errors.MissingParameter):
        name = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        if name is None or kind not in MISSING:
            return None
        return Text(MISSING[kind], {"name": name}).translated()
    if isinstance(error, click_errors.BadParameter):
        name = _hint(error)
        if name is None:
            return Text(INVALID, {"reason": _reason(error)}).translated()
        return Text(INVALID_VALUE, {"name": name, "reason": _reason(error)}).translated()
    if isinstance(error, click_errors.NoSuchOption):
        text = Text(NO_SUCH_OPTION, {"option": error.option_name}).translated()
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + Text(POSSIBLE_OPTIONS, {"options": options}).translated()
        return text
    for pattern, message in USAGE_ERRORS:
        found = pattern.match(str(error.message))
        if found:
            return Text(message, found.groupdict()).translated()
    return None


def localise_error(error: Any) -> None:
    """Give a Click error its message in the person's language, in place (Typer then shows it
    in its error panel, with the usage line and the hint, as always)."""
    text = error_message(error)
    if text is not None:
        error.format_message = lambda: text


def _localising_errors(step: Callable[..., Any]) -> Callable[..., Any]:
    """A step of the root command (parsing its arguments, invoking a sub-command, which parses
    its own) whose Click errors leave it in the person's language."""

    def localised(*args: Any, **kwargs: Any) -> Any:
        try:
            return step(*args, **kwargs)
        except click_errors.ClickException as error:
            localise_error(error)
            raise

    return localised


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
        command.make_context = _localising_errors(command.make_context)  # type: ignore[method-assign]
        command.invoke = _localising_errors(command.invoke)  # type: ignore[method-assign]
        return command(*args, **kwargs)
