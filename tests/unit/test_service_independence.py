"""Each domain service imports alone, in a fresh interpreter, and brings no other domain's
service with it: they meet only in amanah.handlers (lint-imports checks the same statically)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SERVICES = [
    "amanah.cases.service",
    "amanah.compliance.service",
    "amanah.screening.service",
    "amanah.screening.review",
    "amanah.agreements.service",
    "amanah.partners.service",
]
DOMAIN_OF = {name: name.split(".")[1] for name in SERVICES}


@pytest.mark.parametrize("module", SERVICES)
def test_a_domain_service_imports_alone(module: str) -> None:
    code = (
        f"import sys, json; import {module}; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith('amanah.'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    loaded = set(json.loads(run.stdout))
    others = {s for s in SERVICES if DOMAIN_OF[s] != DOMAIN_OF[module]}
    assert loaded & others == set()
    assert not loaded & {"amanah.handlers", "amanah.bus"}
