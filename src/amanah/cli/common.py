"""What every command shares: one transaction per command, bad input as exit code 2, and the
conventions of the output (issue 21), so that every command follows them by using these:

- `show(renderable)` prints to standard output; off a terminal (a pipe, a file) nothing is cut or
  wrapped, so a script reads full values.
- a read command takes `--json` (`JSON_OPTION`) and prints with `emit_json` (indented, UTF-8);
- a command that can take more than a few seconds reports through `progress(quiet=as_json)`:
  a Rich progress bar with counts, rate and time on standard error, shown only on a terminal;
- each command's help ends with one real example (`example("amanah …")` as its epilog).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import typer
from rich.console import Console, ConsoleDimensions, RenderableType
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanah import bus
from amanah.db.engine import default_engine, migrate, transaction
from amanah.errors import AmanahError, InvalidInput
from amanah.i18n import N_, gettext

# off a terminal, the width a line may take: wide enough for any value Amanah prints
UNBOUNDED = 10_000


class _Output(Console):
    """On a terminal Rich fits the output to its width; anywhere else the lines are as long as
    their values (Rich would otherwise cut table cells to 80 columns: `2026-0…`)."""

    @property
    def size(self) -> ConsoleDimensions:
        measured = super().size
        return measured if self.is_terminal else ConsoleDimensions(UNBOUNDED, measured.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size


console: Console = _Output()
errors: Console = _Output(stderr=True)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON (the shape is in the README).")


def show(renderable: RenderableType) -> None:
    console.print(renderable, soft_wrap=not console.is_terminal)


def parse_day(text: str, option: str) -> date:
    """A date typed on the command line (YYYY-MM-DD), or a clear error naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            N_("%(option)s %(text)r is not a date (YYYY-MM-DD)"),
            field=option,
            values={"option": option, "text": text},
        ) from None


def emit_json(data: Any) -> None:
    """JSON on standard output: dates and decimals as strings, non-ASCII text as it is."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def example(*commands: str) -> str:
    """The epilog of a command's help: one real example (or a few that go together)."""
    return "Example: " + "  ·  ".join(commands)


def fail(error: AmanahError) -> None:
    field = escape(f" [{error.field}]") if error.field else ""
    word = gettext(N_("error"))  # the message too is in the process's language
    errors.print(f"[bold red]{word}{field}:[/] {escape(error.message)}", highlight=False)
    raise typer.Exit(2)


def ready_engine() -> Engine:
    bus.start()
    engine = default_engine()
    migrate(engine)
    return engine


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """One transaction for the command; a domain error rolls it back and exits with 2."""
    try:
        with transaction(ready_engine()) as session:
            yield session
    except AmanahError as error:
        fail(error)


def is_tty() -> bool:
    return sys.stdout.isatty()


class _RateColumn(ProgressColumn):
    """Items per second (the bar's unit is records, cases, rows or tables, never bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")


def progress(quiet: bool = False) -> Progress:
    """A progress bar for a long command, on standard error: description, bar, done/total, rate
    and elapsed time. Nothing is drawn with `quiet` (`--json`) or when standard error is not a
    terminal, so pipes, cron mails and logs stay clean; the bar disappears when done."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=quiet or not errors.is_terminal,
    )


def stage_reporter(bar: Progress, task: TaskID, prefix: str) -> Callable[[str, int, int], None]:
    """A `(stage, done, total)` callback (as the services take) that moves `task` of `bar`."""

    def report(stage: str, done: int, total: int) -> None:
        bar.update(task, description=f"{prefix}: {stage}", completed=done, total=total)

    return report
