"""The pages' Jinja environment: Amanah's templates, GOV.UK Frontend's macros, gettext and the
filters that turn stored values into words (labels, money, dates)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup, escape

from amanah import labels, present
from amanah.i18n import current_language, direction, gettext, ngettext

# GOV.UK Frontend's components that the pages use, as globals: govukInput, govukTaskList…
COMPONENTS = ("back-link", "button", "date-input", "error-summary", "file-upload", "input",
              "notification-banner", "pagination", "panel", "radios", "select", "summary-list",
              "table", "tag", "task-list", "textarea", "warning-text", "checkboxes", "details",
              "inset-text")  # fmt: skip

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def in_its_direction(text: object) -> Markup:
    """User-entered text (names, titles, file names) in its own direction: Arabic-script text
    reads right to left inside an English page, Latin text left to right inside an Arabic one."""
    return Markup('<span dir="auto">%s</span>') % escape(str(text or ""))


def isolated(text: object) -> Markup:
    """A formatted value inserted into a translated sentence (money, a number, a reference):
    `<bdi>` keeps it whole in its own direction, so the Arabic around it does not reorder its
    symbol, digits and punctuation (HTML's bidirectional isolate)."""
    return Markup("<bdi>%s</bdi>") % text


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATE_DIR),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        label=labels.label,
        money=present.money,
        number=present.number,
        day=present.day,
        moment=present.moment,
        auto=in_its_direction,
        # a partner state's name as the reader's language names it: `p.name|state_name(p.code)`
        state_name=lambda name, code: present.country(code, name),
        bdi=isolated,
        change_why=present.change_why,
        change_field=present.change_field,
        # a stored text that may be a catalogue message (a version kept by Amanah itself):
        # translated when it is one, as it is otherwise (no % formatting)
        as_said=gettext,
        timeline_note=lambda entry: present.timeline_note(entry, isolate_names=True),
        finding_reason=lambda row: present.finding_reason(row, isolate_names=True),
        alert_text=lambda alert: present.alert_text(alert, isolate_names=True),
    )
    env.globals.update(direction=direction, language=current_language.get, br=Markup("<br>"))
    for component in COMPONENTS:
        module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        name = "govuk" + "".join(part.title() for part in component.split("-"))
        env.globals[name] = getattr(module, name)
    return env


TEMPLATES = Jinja2Templates(env=environment())
