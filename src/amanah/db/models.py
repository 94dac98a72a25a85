"""Imports every table so that Base.metadata knows them all (Alembic, create_all)."""

from amanah.agreements.models import (
    AgreementRow,
    AlertRow,
    DeliveryRow,
    EvaluationEventRow,
    EvaluationProgrammeRow,
    ItemAuthorisationRow,
    OffsetCreditRow,
    OffsetObligationRow,
)
from amanah.analytics.models import SipriImportRow, SipriTransferRow
from amanah.audit.models import AuditEventRow
from amanah.cases.models import (
    CaseEventRow,
    CaseRow,
    CaseVersionRow,
    DecisionRow,
    DocumentRow,
    LineItemRow,
    NotificationRow,
    PartyRow,
    ReleaseValidityRow,
    RfiRow,
)
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.models import AssessmentRow
from amanah.jobs.models import JobRow
from amanah.monitoring.models import EndUseCheckRow, MonitoringPlanRow
from amanah.partners.models import (
    EmbargoRow,
    PartnerAgreementRow,
    PartnerRow,
    ReferenceProposalRow,
)
from amanah.routing.models import CaseFlagRow, CaseQueueRow, RuleSetRow
from amanah.screening.models import (
    ListedEntityRow,
    ListImportRow,
    RememberedDecisionRow,
    ScreeningHitRow,
)
from amanah.users.models import ApiTokenRow, LoginThrottleRow, UserRow, WebSessionRow

__all__ = [
    "AgreementRow",
    "AlertRow",
    "ApiTokenRow",
    "AssessmentRow",
    "AuditEventRow",
    "CaseEventRow",
    "CaseRow",
    "DecisionRow",
    "DeliveryRow",
    "DocumentRow",
    "EmbargoRow",
    "LineItemRow",
    "PartnerAgreementRow",
    "PartnerRow",
    "PartyRow",
    "ScreeningHitRow",
    "EvaluationEventRow",
    "EvaluationProgrammeRow",
    "OffsetCreditRow",
    "OffsetObligationRow",
    "SipriImportRow",
    "SipriTransferRow",
    "ListImportRow",
    "ListedEntityRow",
    "RememberedDecisionRow",
    "TechnologyRow",
    "UserRow",
    "ReferenceProposalRow",
    "JobRow",
    "WebSessionRow",
    "ItemAuthorisationRow",
    "MonitoringPlanRow",
    "EndUseCheckRow",
    "LoginThrottleRow",
    "CaseVersionRow",
    "NotificationRow",
    "ReleaseValidityRow",
    "RfiRow",
    "CaseFlagRow",
    "CaseQueueRow",
    "RuleSetRow",
]
