"""Advisory compliance assessment."""

from fastapi import APIRouter

from amanah.compliance import service as compliance
from amanah.compliance.schemas import EvaluateRequest, EvaluateResponse
from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.present import finding_reason
from amanah.users.roles import STAFF_ROLES
from amanah.web.deps import Db, Who

router = APIRouter()


@router.post("/api/v1/compliance/evaluate", tags=["compliance"], response_model=EvaluateResponse)
def api_evaluate(data: EvaluateRequest, session: Db, who: Who) -> EvaluateResponse:
    """Advisory (what-if) assessment of inline facts. Nothing is stored."""
    if not who.has(*STAFF_ROLES):
        raise Forbidden(N_("advisory assessments are for the directorate's staff"))
    result = compliance.advise(session, data)
    return EvaluateResponse.model_validate(
        {
            "outcome": result.outcome.value,
            "ruleset_version": result.ruleset_version,
            # the reason in the reader's language (`message` and `values` say how it is made)
            "findings": [
                {**row, "reason": finding_reason(row)}
                for row in (f.as_dict() for f in result.findings)
            ],  # fmt: skip
        }
    )
