"""The legal scenarios in tests/compliance/scenarios: each file is an advisory request, the
outcome the law gives (the rule and its outcome, or the input error) and the reasoning with its
source, written from the texts (ATT, MTCR Guidelines, the resolutions, the EU Common Position),
not from the engine's output. Each runs against the package's reference data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from amanah.compliance.advisory import request_facts
from amanah.compliance.engine import evaluate
from amanah.compliance.gather import Shared, index_embargoes
from amanah.compliance.rule import worst
from amanah.compliance.schemas import EvaluateRequest
from amanah.errors import InvalidInput
from amanah.partners.country import country_name, normalise_country
from amanah.partners.domain import Partner
from amanah.reference import memberships_of, reference_embargoes

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    scenario: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return scenario


def shared(home: dict[str, Any]) -> Shared:
    return Shared(
        index_embargoes(reference_embargoes()),
        frozenset(home.get("adopted_regimes", ["UN"])) | {"UN"},
        frozenset(home.get("conventions", ["APMBC", "CCM"])),
        home.get("home_state", "XH"),
        frozenset(home.get("options", ())),
    )


def country(code: str, field: str) -> str:
    return normalise_country(code, field)


def test_there_are_at_least_thirty_scenarios_each_with_reasoning_and_source() -> None:
    assert len(SCENARIOS) >= 30
    for path in SCENARIOS:
        scenario = load(path)
        assert {"title", "request", "expected", "reasoning", "source"} <= scenario.keys(), path.name
        assert len(scenario["reasoning"]) > 40 and scenario["source"].strip(), path.name


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path: Path) -> None:
    scenario = load(path)
    request = EvaluateRequest.model_validate(scenario["request"])
    code = normalise_country(request.recipient, "recipient")
    partner = Partner(code=code, name=country_name(code), memberships=memberships_of(code))
    expected = scenario["expected"]
    if "error_field" in expected:
        with pytest.raises(InvalidInput) as refused:
            request_facts(request, partner, shared(scenario.get("home_state", {})), country)
        assert refused.value.field == expected["error_field"]
        return
    facts = request_facts(request, partner, shared(scenario.get("home_state", {})), country)
    findings = [f for f in evaluate(facts).findings if f.rule_id == expected["rule"]]
    assert findings, f"rule {expected['rule']} did not run"
    explained = "\n".join(f"{f.outcome}: {f.reason}" for f in findings)
    assert worst(findings).value == expected["outcome"], explained
    if "reason_contains" in expected:
        assert any(expected["reason_contains"] in f.reason for f in findings), explained
    if "level" in expected:
        assert any(f.level == expected["level"] for f in findings), explained
