"""The fixed list of audit verbs. An audit event stores a verb and a payload; the sentence a
person reads is produced when the event is shown."""

from __future__ import annotations

from enum import StrEnum


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


SENTENCES: dict[Verb, str] = {
    Verb.CASE_OPENED: "{actor} opened case {entity_id}",
    Verb.CASE_EDITED: "{actor} edited case {entity_id}",
    Verb.CASE_TRANSITIONED: "{actor} moved case {entity_id} from {before_state} to {after_state}",
    Verb.ITEM_ADDED: "{actor} added a line item to case {entity_id}",
    Verb.ITEM_CLASSIFIED: "{actor} assessed the classification of a line item of case {entity_id}",
    Verb.ITEM_CHANGED: "{actor} changed a line item of case {entity_id}",
    Verb.ITEM_REMOVED: "{actor} removed a line item from case {entity_id}",
    Verb.PARTY_ADDED: "{actor} added a party to case {entity_id}",
    Verb.PARTY_CHANGED: "{actor} changed a party of case {entity_id}",
    Verb.PARTY_REMOVED: "{actor} removed a party from case {entity_id}",
    Verb.DOCUMENT_ADDED: "{actor} attached a document to case {entity_id}",
    Verb.DECISION_RECORDED: "{actor} recorded a decision on case {entity_id}",
    Verb.AGREEMENT_RECORDED: "{actor} recorded the agreement of case {entity_id}",
    Verb.DELIVERY_SCHEDULED: "{actor} scheduled a delivery on case {entity_id}",
    Verb.DELIVERY_HELD: "{actor} put a delivery of case {entity_id} on hold",
    Verb.DELIVERY_SHIPPED: "{actor} recorded a shipment on case {entity_id}",
    Verb.DELIVERY_TRANSIT: "{actor} recorded where a shipment of case {entity_id} is",
    Verb.DELIVERY_RECEIVED: "{actor} confirmed receipt of a delivery of case {entity_id}",
    Verb.AUTHORISATION_SET: "{actor} set what is authorised for a line item of case {entity_id}",
    Verb.MONITORING_PLANNED: "{actor} recorded the end-use monitoring plan of case {entity_id}",
    Verb.END_USE_CHECKED: "{actor} recorded an end-use check on case {entity_id}",
    Verb.ASSESSMENT_STORED: "{actor} assessed case {entity_id}",
    Verb.CALENDAR_CHECKED: "{actor} re-assessed the cases whose agreements or embargoes changed with the date",
    Verb.TECHNOLOGY_SAVED: "{actor} saved technology {entity_id}",
    Verb.PARTNER_SAVED: "{actor} saved partner {entity_id}",
    Verb.AGREEMENT_IN_FORCE_SAVED: "{actor} recorded an agreement with partner {entity_id}",
    Verb.EMBARGO_SAVED: "{actor} recorded embargo {entity_id}",
    Verb.EMBARGO_OVERRIDDEN: "{actor} overrode the reference data of embargo {entity_id}",
    Verb.MEMBERSHIPS_SAVED: "{actor} changed the memberships of partner {entity_id}",
    Verb.REFERENCE_PROPOSED: "{actor} proposed a change to reference data ({entity_id})",
    Verb.REFERENCE_CONFIRMED: "{actor} confirmed a proposed change to reference data ({entity_id})",
    Verb.REFERENCE_REJECTED: "{actor} rejected a proposed change to reference data ({entity_id})",
    Verb.USER_SAVED: "{actor} saved user {entity_id}",
    Verb.USER_LOGGED_IN: "{actor} logged in",
    Verb.USER_LOCKED: "user {entity_id} was locked out after repeated failures",
    Verb.USER_DEACTIVATED: "{actor} deactivated user {entity_id}",
    Verb.USER_ROLES_SET: "{actor} changed the roles of user {entity_id}",
    Verb.SESSIONS_REVOKED: "{actor} ended the sessions and API tokens of user {entity_id}",
    Verb.ALERT_RAISED: "{actor} raised an alert on {entity_id}",
    Verb.OFFSET_RECORDED: "{actor} recorded an offset obligation or credit ({entity_id})",
    Verb.EVALUATION_RECORDED: "{actor} recorded test-and-evaluation data on case {entity_id}",
    Verb.LIST_IMPORTED: "{actor} imported sanctions list {entity_id}",
    Verb.SCREENING_HIT_RAISED: "{actor} raised a screening hit on party {entity_id}",
    Verb.SCREENING_REVIEWED: "{actor} reviewed screening hit {entity_id}",
    Verb.DATA_RESTORED: "{actor} restored the data from a backup",
    Verb.RFI_SENT: "{actor} sent a request for information on case {entity_id}",
    Verb.RFI_ANSWERED: "{actor} answered a request for information on case {entity_id}",
    Verb.CASE_AMENDED: "{actor} amended case {entity_id}; it re-entered review",
    Verb.CASE_MODIFIED: "{actor} made an administrative modification to case {entity_id}",
    Verb.NOTIFICATION_RECORDED: "{actor} recorded the notification of case {entity_id}",
    Verb.ROUTING_PROPOSED: "{actor} proposed routing table version {entity_id}",
    Verb.ROUTING_CONFIRMED: "{actor} confirmed routing table version {entity_id}",
    Verb.ROUTING_REJECTED: "{actor} rejected routing table version {entity_id}",
    Verb.CASE_ROUTED: "{actor} routed case {entity_id} to its queues",
}
