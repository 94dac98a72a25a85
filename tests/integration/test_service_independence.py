"""Each domain service imports alone, in a fresh interpreter, and brings no other domain's
service with it: they meet only in amanah.handlers (lint-imports checks the same statically).

One child interpreter loads the third-party libraries every service uses (no amanah module),
then forks once per service, all at once: each fork starts with no amanah module loaded and imports its
service alone — the same check as one interpreter per service, at a fraction of the start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SERVICES = [
    "amanah.cases.service",
    "amanah.cases.line_items",
    "amanah.cases.parties",
    "amanah.cases.documents",
    "amanah.cases.listing",
    "amanah.compliance.service",
    "amanah.screening.service",
    "amanah.screening.list_imports",
    "amanah.screening.review",
    "amanah.agreements.service",
    "amanah.agreements.deliveries",
    "amanah.partners.service",
    "amanah.monitoring.service",
]
DOMAIN_OF = {name: name.split(".")[1] for name in SERVICES}

CHILD = """
import json, os, sys
import normality, orjson, pydantic, pydantic_settings, sqlalchemy.orm  # third-party only
assert not any(m == "amanah" or m.startswith("amanah.") for m in sys.modules)
children = {}
for module in sys.argv[1:]:  # all forks at once: they run side by side on the machine's cores
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            __import__(module)
            body = json.dumps(sorted(m for m in sys.modules if m.startswith("amanah.")))
        except BaseException as error:  # reported to the parent as the module's failure
            body = json.dumps({"error": repr(error)})
        with os.fdopen(write, "w") as pipe:
            pipe.write(body)
        os._exit(0)
    os.close(write)
    children[module] = (pid, read)
out = {}
for module, (pid, read) in children.items():
    with os.fdopen(read) as pipe:
        out[module] = json.loads(pipe.read())
    os.waitpid(pid, 0)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def loaded() -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", CHILD, *SERVICES], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


@pytest.mark.parametrize("module", SERVICES)
def test_a_domain_service_imports_alone(module: str, loaded: dict[str, object]) -> None:
    modules = loaded[module]
    assert isinstance(modules, list), modules
    assert module in modules
    others = {s for s in SERVICES if DOMAIN_OF[s] != DOMAIN_OF[module]}
    assert set(modules) & others == set()
    assert not set(modules) & {"amanah.handlers", "amanah.bus"}
