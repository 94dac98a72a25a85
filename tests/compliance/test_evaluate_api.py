"""The advisory endpoint takes the issue-16 facts (end-user sector, residual risk) and refuses
bad ones naming the field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from amanah.demo import PASSWORD


def headers(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": "export", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['token']}"}


REQUEST = {
    "recipient": "CF", "date": "2026-03-01",
    "items": [{"description": "Assault rifles", "control_entries": ["ML1"], "att_category": "VIII"}],
    "parties": [{"role": "end_user", "name": "Armed group", "country": "CF", "sector": "non_state"}],
    "documents": ["end_use_certificate"], "retransfer_clause": True,
}  # fmt: skip


def test_a_partial_embargo_is_applied_to_the_end_user_sector(client: TestClient) -> None:
    auth = headers(client)
    armed_group = client.post("/api/v1/compliance/evaluate", json=REQUEST, headers=auth).json()
    found = {f["rule_id"]: f["outcome"] for f in armed_group["findings"]}
    assert armed_group["outcome"] == "prohibited" and found["att.6.1"] == "prohibited"
    forces = {**REQUEST, "parties": [{**REQUEST["parties"][0], "sector": "armed_forces"}]}  # type: ignore[dict-item]
    answer = client.post("/api/v1/compliance/evaluate", json=forces, headers=auth).json()
    assert {f["rule_id"]: f["outcome"] for f in answer["findings"]}["att.6.1"] == "warning"


def test_bad_facts_are_refused_naming_the_field(client: TestClient) -> None:
    auth = headers(client)
    bad_residual = {**REQUEST, "risk_assessment": {"residual": {"nonsense": "low"}}}
    refused = client.post("/api/v1/compliance/evaluate", json=bad_residual, headers=auth)
    assert refused.status_code == 422 and refused.json()["field"] == "risk_assessment.residual"
    unknown = {**REQUEST, "parties": [{**REQUEST["parties"][0], "country": "ZX"}]}  # type: ignore[dict-item]
    refused = client.post("/api/v1/compliance/evaluate", json=unknown, headers=auth)
    assert refused.status_code == 422 and refused.json()["field"] == "parties.0.country"


def test_reasons_and_validation_messages_in_the_language_asked(client: TestClient) -> None:
    """The reason reads in the reader's language (its `message` and `values` say how it is
    made); a pydantic refusal's message too; codes and field names stay English."""
    auth = headers(client)
    uav = {**REQUEST, "recipient": "XA", "documents": [],
           "items": [{"description": "UAV", "control_entries": ["MTCR-II-19.A.1"]}],
           "parties": [{"role": "end_user", "name": "Alpha Air Force", "country": "XA"}]}  # fmt: skip
    arabic = {**auth, "accept-language": "ar"}
    answer = client.post("/api/v1/compliance/evaluate", json=uav, headers=arabic).json()
    (mtcr,) = [f for f in answer["findings"] if f["rule_id"] == "mtcr"]
    assert mtcr["reason"].startswith("UAV (MTCR-II-19.A.1) من الفئة الثانية")
    assert mtcr["message"].startswith("%(item)s (%(entry)s) is MTCR Category II")
    english = client.post("/api/v1/compliance/evaluate", json=uav, headers=auth).json()
    (mtcr,) = [f for f in english["findings"] if f["rule_id"] == "mtcr"]
    assert mtcr["reason"] == (
        "UAV (MTCR-II-19.A.1) is MTCR Category II: end-use assurances from the recipient "
        "government are required"
    )
    missing = {k: v for k, v in uav.items() if k != "date"}
    refused = client.post("/api/v1/compliance/evaluate", json=missing, headers=arabic).json()
    assert refused == {"code": "invalid_input", "message": "الحقل مطلوب", "field": "date"}
