"""A case's documents: filed (checked, stored once by their SHA-256 under the documents
directory) and read back, checked against that checksum."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.content import check_content
from amanah.cases.domain import DocumentKind, parse_enum
from amanah.cases.models import DocumentRow
from amanah.cases.service import CODED_NOTE, _changed, _noted, get_case
from amanah.catalogue.classification import Classification
from amanah.compliance.rule import Code
from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.users.roles import Actor, Role

ALLOWED_CONTENT_TYPES = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "text/plain", "application/xml"}
)


def add_document(session: Session, actor: Actor, case_id: int, *, kind: str, filename: str,
                 content_type: str, content: bytes, classification: str = "unclassified") -> DocumentRow:  # fmt: skip
    case = get_case(session, actor, case_id)
    if not actor.has(Role.CASE_OFFICER, Role.PARTNER_LIAISON, Role.EXPORT_CONTROL):
        raise Forbidden(
            N_("only case officers, partner liaisons and export control attach documents")
        )
    settings = get_settings()
    doc_kind = parse_enum(DocumentKind, kind, "kind")
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise InvalidInput(N_("%(content_type)r files are not accepted; send PDF, PNG, JPEG, "
                              "XML or plain text"), field="file", values={"content_type": content_type})  # fmt: skip
    if not content:
        raise InvalidInput(N_("the file is empty"), field="file")
    if len(content) > settings.max_document_bytes:
        raise InvalidInput(
            N_("the file is larger than %(max_document_bytes)s bytes"),
            field="file",
            values={"max_document_bytes": settings.max_document_bytes},
        )
    check_content(content_type, content)
    level = Classification.parse(classification)
    if level > actor.clearance:
        raise Forbidden(
            N_("you cannot file a document above your own clearance"), field="classification"
        )
    digest = hashlib.sha256(content).hexdigest()
    path = settings.documents_dir / digest[:2] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(content)
    doc = DocumentRow(kind=doc_kind.value, filename=filename[-255:] or "document", content_type=content_type,
                      size=len(content), sha256=digest, classification=int(level),
                      uploaded_by=actor.username, uploaded_at=utcnow())  # fmt: skip
    case.documents.append(doc)
    _noted(
        case, actor, "document_added", CODED_NOTE, {"code": Code(doc.kind), "text": doc.filename}
    )
    session.flush()
    _changed(session, actor, case)
    audit.record(session, actor, Verb.DOCUMENT_ADDED, "case", case.id,
                 after={"document_id": doc.id, "kind": doc.kind, "sha256": digest})  # fmt: skip
    return doc


def read_document(
    session: Session, actor: Actor, case_id: int, document_id: int
) -> tuple[DocumentRow, bytes]:
    case = get_case(session, actor, case_id)
    doc = next((d for d in case.documents if d.id == document_id), None)
    if doc is None or doc.classification > actor.clearance:
        raise NotFound(
            N_("no document %(document_id)s on this case"),
            field="document_id",
            values={"document_id": document_id},
        )
    path = get_settings().documents_dir / doc.sha256[:2] / doc.sha256
    content = path.read_bytes()
    if hashlib.sha256(content).hexdigest() != doc.sha256:
        raise Conflict(N_("the stored file does not match its checksum"), field="document_id")
    return doc, content
