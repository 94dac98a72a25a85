"""Screening of case parties, continuous re-screening after each list import (`list_imports`).

The matcher lives in memory, built from the stored lists once per process and kept current by
each import's delta; `matcher_for` rebuilds it when another process imported a list since."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseRow, PartyRow
from amanah.config import get_settings
from amanah.errors import InvalidInput
from amanah.events import ScreeningHitsRaised
from amanah.i18n import N_
from amanah.screening.entity import Delta, ListedEntity
from amanah.screening.models import (
    ListedEntityRow,
    ListImportRow,
    RememberedDecisionRow,
    ScreeningHitRow,
)
from amanah.screening.normalise import fold
from amanah.screening.query import ALGORITHM_VERSION, Hit, Query

if TYPE_CHECKING:  # the matcher loads nomenklatura and scikit-learn (a second): on first use
    from amanah.screening.match import Matcher, PartyIndex

log = logging.getLogger(__name__)


# ---- the in-memory matcher ----------------------------------------------------------------

_lock = threading.Lock()
_lock_warming = threading.Lock()
_matchers: dict[str, tuple[int, Matcher]] = {}
_party_indexes: dict[str, PartyIndex] = {}


def lists_state(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(ListImportRow.id), 0))) or 0)


def _key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def stored_entities(session: Session, list_name: str | None = None) -> Iterable[ListedEntity]:
    stmt = select(ListedEntityRow).where(ListedEntityRow.active.is_(True))
    if list_name:
        stmt = stmt.where(ListedEntityRow.list_name == list_name)
    for row in session.scalars(stmt.execution_options(yield_per=5000)):
        yield ListedEntity.from_record(
            row.list_name, row.entity_id, row.schema, row.listed_on, row.record
        )


def matcher_for(session: Session, prepare: bool = True) -> Matcher:
    """The matcher over every active list entry, current with the last import. Its index is
    kept on disk per list version (`stored_index`). `prepare=False` (one screening, then the
    process ends) skips analysing every entry up front: only the few scored are analysed."""
    state, key = lists_state(session), _key(session)
    with _lock:
        cached = _matchers.get(key)
        if cached is not None and cached[0] == state:
            return cached[1]
        from amanah.screening import stored_index
        from amanah.screening.match import Matcher, NameIndex

        directory = get_settings().data_dir / "screening"
        index = stored_index.load(directory, key, state)
        if index is None:
            index = NameIndex()
            index.add(stored_entities(session))
            index.spell()
            index.freeze()
            stored_index.save(directory, key, state, index)
        matcher = Matcher(index)
        if prepare:
            matcher.prepare()
        _matchers[key] = (state, matcher)
        return matcher


_warming: set[str] = set()


def warming() -> frozenset[str]:
    """What start-up is still preparing: "names" (the name data every screening uses) and
    "lists" (the matcher over the stored lists; a screening meanwhile waits for it)."""
    with _lock_warming:
        return frozenset(_warming)


@contextmanager
def _warming_up(what: str) -> Iterator[None]:
    with _lock_warming:
        _warming.add(what)
    try:
        yield
    finally:
        with _lock_warming:
            _warming.discard(what)


def warm_names() -> None:
    """Load the name data and transliteration rules at start-up (`warm_up`), saying so."""
    from amanah.screening.match import warm_up

    with _warming_up("names"):
        warm_up()


def warm_matcher(engine: Engine) -> None:
    """Build the matcher over the stored lists now rather than at the first screening (with
    the UN and OFAC lists, seconds). `amanah serve` runs it in a start-up thread; a failure
    is logged, and the first screening then builds the matcher."""
    with _warming_up("lists"):
        try:
            with Session(engine) as session:
                matcher_for(session)
        except SQLAlchemyError as error:
            log.warning("screening matcher not built at start-up: %s", error)


def forget_matchers() -> None:
    with _lock:
        _matchers.clear()
        _party_indexes.clear()


def apply_delta(session: Session, list_name: str, delta: Delta, before: int, after: int) -> None:
    """Bring the cached matcher from state `before` to `after` with the delta, or drop it."""
    key = _key(session)
    with _lock:
        cached = _matchers.pop(key, None)
        if cached is None or cached[0] != before:
            return
        matcher = cached[1]
        matcher.index.remove((list_name, eid) for eid in delta.removed)
        matcher.index.add(delta.touched)
        matcher.prepare()
        _matchers[key] = (after, matcher)


# ---- screening ----------------------------------------------------------------------------


def query_of(party: PartyRow) -> Query:
    return Query(
        name=party.name,
        country=party.country,
        birth_date=party.birth_date.isoformat() if party.birth_date else None,
        type="organization" if party.party_type == "organisation" else "person",
        identifiers=tuple(str(v) for v in (party.identifiers or {}).values()),
    )


def fingerprint(query: Query) -> str:
    """Who a party is for the review memory: folded name, country, birth date and type."""
    text = "|".join(
        [fold(query.name), query.country or "", query.birth_date or "", query.type or ""]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def screen(
    session: Session, query: Query, floor: float | None = None, prepare: bool = True
) -> list[Hit]:
    """Advisory screening of a name; nothing stored. `prepare`: see `matcher_for`."""
    settings = get_settings()
    return matcher_for(session, prepare).screen(
        query, floor=settings.review_threshold if floor is None else floor
    )


def screen_many(session: Session, queries: Sequence[Query]) -> Iterator[list[dict[str, Any]]]:
    """Advisory screening of many names (hits as dicts, in order): a few by the screening
    process that stays up between commands (`server`), many on every core (`bulk`)."""
    from amanah.screening import bulk, server

    settings = get_settings()
    if settings.screening_idle > 0 and len(queries) < bulk.PARALLEL_FROM:
        answered = server.screen(queries, settings.review_threshold)
        if answered is not None:
            return iter(answered)
    from amanah.screening import stored_index

    matcher = matcher_for(session, prepare=False)  # (and the index on disk for the workers)
    path = stored_index.path_for(
        get_settings().data_dir / "screening", _key(session), lists_state(session)
    )
    return bulk.screen_all(matcher, path, queries, get_settings().review_threshold)


def _remembered(session: Session, prints: Sequence[str]) -> dict[tuple[str, str, str], str]:
    if not prints:
        return {}
    rows = session.scalars(
        select(RememberedDecisionRow).where(RememberedDecisionRow.fingerprint.in_(prints))
    )
    return {(r.fingerprint, r.list_name, r.entity_id): r.entity_hash for r in rows}


def _record_hits(
    session: Session, party_hits: Sequence[tuple[PartyRow, Hit]], import_id: int | None
) -> list[ScreeningHitRow]:
    """Store new hits, skipping remembered false positives and hits already raised for the same
    version of the entry."""
    if not party_hits:
        return []
    parties = {p.id: p for p, _ in party_hits}
    prints = {pid: fingerprint(query_of(p)) for pid, p in parties.items()}
    memory = _remembered(session, list(set(prints.values())))
    existing = {
        (h.party_id, h.list_name, h.entity_id, h.entity_hash)
        for h in session.scalars(
            select(ScreeningHitRow).where(ScreeningHitRow.party_id.in_(list(parties)))
        )
    }
    created: list[ScreeningHitRow] = []
    for party, hit in party_hits:
        entity_hash = hit.entity.content_hash()
        if memory.get((prints[party.id], hit.list_name, hit.entity_id)) == entity_hash:
            continue
        if (party.id, hit.list_name, hit.entity_id, entity_hash) in existing:
            continue
        row = ScreeningHitRow(
            party_id=party.id, list_name=hit.list_name, entity_id=hit.entity_id,
            entity_name=hit.name[:300], entity_hash=entity_hash, score=hit.score,
            explanation=hit.explanation, list_import_id=import_id,
            algorithm_version=ALGORITHM_VERSION, status="open",
        )  # fmt: skip
        session.add(row)
        existing.add((party.id, hit.list_name, hit.entity_id, entity_hash))
        created.append(row)
    session.flush()
    for row in created:
        audit.record(session, "system", Verb.SCREENING_HIT_RAISED, "party", row.party_id,
                     after={"hit_id": row.id, "list": row.list_name, "entity_id": row.entity_id,
                            "score": round(row.score, 4)})  # fmt: skip
    return created


def screen_party(session: Session, party: PartyRow) -> list[ScreeningHitRow]:
    """Screen one party against every list (on arrival on a case, or on request)."""
    hits = screen(session, query_of(party))
    return _record_hits(session, [(party, h) for h in hits], lists_state(session) or None)


def open_case_parties(session: Session) -> list[PartyRow]:
    open_states = [s.value for s in workflow.OPEN_STATES]
    return list(
        session.scalars(
            select(PartyRow)
            .join(CaseRow, CaseRow.id == PartyRow.case_id)
            .where(CaseRow.state.in_(open_states))
        )
    )


def rescreen_open_cases(
    session: Session, delta: Delta, import_id: int | None
) -> tuple[list[ScreeningHitRow], list[str]]:
    """Every party of every open case against the delta only; a new hit alerts the case owner
    and re-assesses the case, whose screening finding then blocks approval."""
    from amanah.screening.match import PartyIndex

    if not delta.touched:
        return [], []
    parties = open_case_parties(session)
    by_id = {p.id: p for p in parties}
    with _lock:
        party_index = _party_indexes.setdefault(_key(session), PartyIndex())
        party_index.sync((p.id, query_of(p)) for p in parties)
        lists = _matchers.get(_key(session))  # how common a name part is: the lists say
        found = party_index.rescreen(
            delta.touched, get_settings().review_threshold, lists[1].index if lists else None
        )
    created = _record_hits(session, [(by_id[pid], hit) for pid, hit in found], import_id)
    return created, _after_new_hits(session, created)


def _after_new_hits(session: Session, hits: Sequence[ScreeningHitRow]) -> list[str]:
    """Each case with new hits: its owner is alerted and it is re-assessed (`ScreeningHitsRaised`);
    the references of those cases."""
    listed_by_case: dict[int, set[str]] = {}
    for hit in hits:
        listed_by_case.setdefault(session.get_one(PartyRow, hit.party_id).case_id, set()).add(
            hit.entity_name
        )
    references: list[str] = []
    for case_id, listed in sorted(listed_by_case.items()):
        events.record(session, ScreeningHitsRaised(case_id, tuple(sorted(listed))))
        references.append(session.get_one(CaseRow, case_id).reference)
    return references


def hits_for_case(session: Session, case_id: int) -> list[ScreeningHitRow]:
    return list(
        session.scalars(
            select(ScreeningHitRow)
            .join(PartyRow, PartyRow.id == ScreeningHitRow.party_id)
            .where(PartyRow.case_id == case_id)
            .order_by(ScreeningHitRow.score.desc())
        )
    )


def review_queue(session: Session, limit: int = 200) -> list[ScreeningHitRow]:
    return list(
        session.scalars(
            select(ScreeningHitRow)
            .where(ScreeningHitRow.status == "open")
            .order_by(ScreeningHitRow.score.desc())
            .limit(limit)
        )
    )


def forget_party_hits(session: Session, party: PartyRow) -> None:
    """Before a party is changed or removed from a request: drop its open hits (a changed party is
    screened again). A party whose hits were reviewed stays as it was reviewed: the review is
    evidence, so the request names a new party instead."""
    hits = list(
        session.scalars(select(ScreeningHitRow).where(ScreeningHitRow.party_id == party.id))
    )
    if any(h.status != "open" for h in hits):
        raise InvalidInput(
            N_(
                "the screening hits of %(name)r were reviewed; the party stays as"
                " it was reviewed: add a new party instead"
            ),
            field="party_id",
            values={"name": party.name},
        )
    for hit in hits:
        session.delete(hit)
    session.flush()
