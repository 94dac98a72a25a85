"""The fixed list of audit verbs. An audit event stores a verb and a payload; the sentence a
person reads is produced when the event is shown, in the reader's language (`amanah.audit.search.describe`)."""

from __future__ import annotations

from enum import StrEnum

from amanah.i18n import N_


class Verb(StrEnum):
    CASE_OPENED = "case.opened"
    CASE_EDITED = "case.edited"
    CASE_TRANSITIONED = "case.transitioned"
    ITEM_ADDED = "case.item_added"
    ITEM_CLASSIFIED = "case.item_classified"
    ITEM_CHANGED = "case.item_changed"
    ITEM_REMOVED = "case.item_removed"
    PARTY_CHANGED = "case.party_changed"
    PARTY_ADDED = "case.party_added"
    PARTY_REMOVED = "case.party_removed"
    DOCUMENT_ADDED = "case.document_added"
    DECISION_RECORDED = "case.decision_recorded"
    AGREEMENT_RECORDED = "case.agreement_recorded"
    DELIVERY_SCHEDULED = "delivery.scheduled"
    DELIVERY_HELD = "delivery.held"
    DELIVERY_SHIPPED = "delivery.shipped"
    DELIVERY_TRANSIT = "delivery.transit"
    DELIVERY_RECEIVED = "delivery.received"
    AUTHORISATION_SET = "case.authorisation_set"
    MONITORING_PLANNED = "monitoring.planned"
    END_USE_CHECKED = "monitoring.checked"
    ASSESSMENT_STORED = "compliance.assessed"
    CALENDAR_CHECKED = "compliance.calendar_checked"
    TECHNOLOGY_SAVED = "catalogue.saved"
    PARTNER_SAVED = "partner.saved"
    AGREEMENT_IN_FORCE_SAVED = "partner.agreement_saved"
    EMBARGO_SAVED = "partner.embargo_saved"
    EMBARGO_OVERRIDDEN = "partner.embargo_overridden"
    MEMBERSHIPS_SAVED = "partner.memberships_saved"
    REFERENCE_PROPOSED = "reference.proposed"
    REFERENCE_CONFIRMED = "reference.confirmed"
    REFERENCE_REJECTED = "reference.rejected"
    USER_SAVED = "user.saved"
    USER_LOGGED_IN = "user.logged_in"
    USER_LOCKED = "user.locked"
    USER_DEACTIVATED = "user.deactivated"
    USER_ROLES_SET = "user.roles_set"
    SESSIONS_REVOKED = "user.sessions_revoked"
    ALERT_RAISED = "alert.raised"
    OFFSET_RECORDED = "offset.recorded"
    EVALUATION_RECORDED = "evaluation.recorded"
    LIST_IMPORTED = "screening.list_imported"
    SCREENING_HIT_RAISED = "screening.hit_raised"
    SCREENING_REVIEWED = "screening.reviewed"
    DATA_RESTORED = "data.restored"
    RFI_SENT = "case.rfi_sent"
    RFI_ANSWERED = "case.rfi_answered"
    CASE_AMENDED = "case.amended"
    CASE_MODIFIED = "case.modified"
    NOTIFICATION_RECORDED = "case.notified"
    ROUTING_PROPOSED = "routing.proposed"
    ROUTING_CONFIRMED = "routing.confirmed"
    ROUTING_REJECTED = "routing.rejected"
    CASE_ROUTED = "case.routed"


SENTENCES: dict[Verb, str] = {  # fmt: skip
    Verb.CASE_OPENED: N_("%(actor)s opened case %(entity_id)s"),
    Verb.CASE_EDITED: N_("%(actor)s edited case %(entity_id)s"),
    Verb.CASE_TRANSITIONED: N_(
        "%(actor)s moved case %(entity_id)s from %(before_state)s to %(after_state)s"
    ),
    Verb.ITEM_ADDED: N_("%(actor)s added a line item to case %(entity_id)s"),
    Verb.ITEM_CLASSIFIED: N_(
        "%(actor)s assessed the classification of a line item of case %(entity_id)s"
    ),
    Verb.ITEM_CHANGED: N_("%(actor)s changed a line item of case %(entity_id)s"),
    Verb.ITEM_REMOVED: N_("%(actor)s removed a line item from case %(entity_id)s"),
    Verb.PARTY_ADDED: N_("%(actor)s added a party to case %(entity_id)s"),
    Verb.PARTY_CHANGED: N_("%(actor)s changed a party of case %(entity_id)s"),
    Verb.PARTY_REMOVED: N_("%(actor)s removed a party from case %(entity_id)s"),
    Verb.DOCUMENT_ADDED: N_("%(actor)s attached a document to case %(entity_id)s"),
    Verb.DECISION_RECORDED: N_("%(actor)s recorded a decision on case %(entity_id)s"),
    Verb.AGREEMENT_RECORDED: N_("%(actor)s recorded the agreement of case %(entity_id)s"),
    Verb.DELIVERY_SCHEDULED: N_("%(actor)s scheduled a delivery on case %(entity_id)s"),
    Verb.DELIVERY_HELD: N_("%(actor)s put a delivery of case %(entity_id)s on hold"),
    Verb.DELIVERY_SHIPPED: N_("%(actor)s recorded a shipment on case %(entity_id)s"),
    Verb.DELIVERY_TRANSIT: N_("%(actor)s recorded where a shipment of case %(entity_id)s is"),
    Verb.DELIVERY_RECEIVED: N_("%(actor)s confirmed receipt of a delivery of case %(entity_id)s"),
    Verb.AUTHORISATION_SET: N_(
        "%(actor)s set what is authorised for a line item of case %(entity_id)s"
    ),
    Verb.MONITORING_PLANNED: N_(
        "%(actor)s recorded the end-use monitoring plan of case %(entity_id)s"
    ),
    Verb.END_USE_CHECKED: N_("%(actor)s recorded an end-use check on case %(entity_id)s"),
    Verb.ASSESSMENT_STORED: N_("%(actor)s assessed case %(entity_id)s"),
    Verb.CALENDAR_CHECKED: N_(
        "%(actor)s re-assessed the cases whose agreements or embargoes changed with the date"
    ),
    Verb.TECHNOLOGY_SAVED: N_("%(actor)s saved technology %(entity_id)s"),
    Verb.PARTNER_SAVED: N_("%(actor)s saved partner %(entity_id)s"),
    Verb.AGREEMENT_IN_FORCE_SAVED: N_("%(actor)s recorded an agreement with partner %(entity_id)s"),
    Verb.EMBARGO_SAVED: N_("%(actor)s recorded embargo %(entity_id)s"),
    Verb.EMBARGO_OVERRIDDEN: N_("%(actor)s overrode the reference data of embargo %(entity_id)s"),
    Verb.MEMBERSHIPS_SAVED: N_("%(actor)s changed the memberships of partner %(entity_id)s"),
    Verb.REFERENCE_PROPOSED: N_("%(actor)s proposed a change to reference data (%(entity_id)s)"),
    Verb.REFERENCE_CONFIRMED: N_(
        "%(actor)s confirmed a proposed change to reference data (%(entity_id)s)"
    ),
    Verb.REFERENCE_REJECTED: N_(
        "%(actor)s rejected a proposed change to reference data (%(entity_id)s)"
    ),
    Verb.USER_SAVED: N_("%(actor)s saved user %(entity_id)s"),
    Verb.USER_LOGGED_IN: N_("%(actor)s logged in"),
    Verb.USER_LOCKED: N_("user %(entity_id)s was locked out after repeated failures"),
    Verb.USER_DEACTIVATED: N_("%(actor)s deactivated user %(entity_id)s"),
    Verb.USER_ROLES_SET: N_("%(actor)s changed the roles of user %(entity_id)s"),
    Verb.SESSIONS_REVOKED: N_("%(actor)s ended the sessions and API tokens of user %(entity_id)s"),
    Verb.ALERT_RAISED: N_("%(actor)s raised an alert on %(entity_id)s"),
    Verb.OFFSET_RECORDED: N_("%(actor)s recorded an offset obligation or credit (%(entity_id)s)"),
    Verb.EVALUATION_RECORDED: N_(
        "%(actor)s recorded test-and-evaluation data on case %(entity_id)s"
    ),
    Verb.LIST_IMPORTED: N_("%(actor)s imported sanctions list %(entity_id)s"),
    Verb.SCREENING_HIT_RAISED: N_("%(actor)s raised a screening hit on party %(entity_id)s"),
    Verb.SCREENING_REVIEWED: N_("%(actor)s reviewed screening hit %(entity_id)s"),
    Verb.DATA_RESTORED: N_("%(actor)s restored the data from a backup"),
    Verb.RFI_SENT: N_("%(actor)s sent a request for information on case %(entity_id)s"),
    Verb.RFI_ANSWERED: N_("%(actor)s answered a request for information on case %(entity_id)s"),
    Verb.CASE_AMENDED: N_("%(actor)s amended case %(entity_id)s; it re-entered review"),
    Verb.CASE_MODIFIED: N_("%(actor)s made an administrative modification to case %(entity_id)s"),
    Verb.NOTIFICATION_RECORDED: N_("%(actor)s recorded the notification of case %(entity_id)s"),
    Verb.ROUTING_PROPOSED: N_("%(actor)s proposed routing table version %(entity_id)s"),
    Verb.ROUTING_CONFIRMED: N_("%(actor)s confirmed routing table version %(entity_id)s"),
    Verb.ROUTING_REJECTED: N_("%(actor)s rejected routing table version %(entity_id)s"),
    Verb.CASE_ROUTED: N_("%(actor)s routed case %(entity_id)s to its queues"),
}
