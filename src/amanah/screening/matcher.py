"""The screening algorithm over one index (pure, in memory):

1. **Candidates** from the key index (`index.NameIndex`);
2. **Pre-score** with rapidfuzz (`prescore`), keeping the few best entities;
3. **Score** with logic-v2 (`scoring.Scoring`) over FollowTheMoney entities (`proxies`); for a
   pair across scripts, where logic-v2 sees unrelated letters, the key similarity stands in as
   the name score.

This module is light at import time: the scoring modules (nomenklatura, which loads
scikit-learn and SciPy) are imported by the functions that score, so that the web app starts
without them.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from amanah.screening.collection import no_cycle_collection
from amanah.screening.entity import ListedEntity
from amanah.screening.evidence import corroborated, field_factor, key_stand_in, scripts_differ
from amanah.screening.explain import alignment, fields_of, reconcile, word_parts
from amanah.screening.index import PREPARED_NAMES, NameIndex
from amanah.screening.normalise import fold, has_arabic, skeleton
from amanah.screening.prescore import Prepared, prescore, prescore_many
from amanah.screening.query import ORGANISATION_SCHEMAS, Hit, Query
from amanah.screening.words import ACRONYM_LETTERS

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

    from amanah.screening.proxies import ListedProxy

RESCORED = 5  # entities re-scored with logic-v2
BLOCK = 50  # queries looked up and pre-scored together (`screen_many`)
PRESCORE_FLOOR = 0.6  # candidates below this pre-score are never re-scored
PRESCORE_ABOVE = 0.15  # nor those whose pre-score does not reach the floor asked for plus this
PRESCORE_MARGIN = 0.1  # nor those this far below the best candidate's pre-score
PRESCORE_TIE = 0.0001  # of names with the same pre-score, those with closer keys first
KEPT_PROXIES = 50_000  # beyond it, at most this many analysed entities are kept
COMMON_EVIDENCE = 11.5  # matched name parts saying less than this are common (`common_only`)
FREQUENCY_NAMES = 1_000  # … from this many listed names (fewer say nothing of frequency)
OTHER_SPELLINGS = 0.5  # what another spelling of a name part counts for, beside its own
SHARE_FLOOR = 1e-5  # a key no listed name holds counts as this rare
COMMON_FACTOR = 0.65  # what is left of a score resting only on common parts, uncorroborated
INITIALS_LETTERS = ACRONYM_LETTERS  # a query of one word of this many letters may be one
INITIALS_SCORE = 0.75  # an acronym of four letters or more that a listed name's initials spell
INITIALS_SHORT = 0.6  # … of three letters (a review item, not a match)


class Matcher:
    """The screening algorithm over one index."""

    def __init__(self, index: NameIndex | None = None, reference: NameIndex | None = None) -> None:
        self.index = index or NameIndex()
        # the names that say how common a name part is (by default, the index's own)
        self.reference = reference
        self._proxies: dict[int, ListedProxy] = {}
        self._keep_all = False

    def _proxy(self, slot: int, entity: ListedEntity) -> ListedProxy:
        proxy = self._proxies.get(slot)
        if proxy is None:
            if len(self._proxies) >= KEPT_PROXIES and not self._keep_all:
                self._proxies.clear()
            from amanah.screening.proxies import listed_entity

            proxy = self._proxies[slot] = listed_entity(entity)
        return proxy

    def prepare(self) -> None:
        """Analyse every listed entity's names now rather than at its first comparison, and index
        the spelling of their parts and words so that a typo finds them (when the index holds up to
        `PREPARED_NAMES` names: beyond, a typo is found through the keys only), then move the
        index's long-lived objects out of the cyclic garbage collector's way (`gc.freeze`):
        otherwise each collection walks them all again, which costs more than the screening
        itself. Call again after a delta: only new entries are analysed."""
        index = self.index
        self._keep_all = index.live_names <= PREPARED_NAMES
        index.freeze()
        for slot in [s for s, e in self._proxies.items() if index.entities[s] is None]:
            del self._proxies[slot]
        if self._keep_all:
            index.spell()
            index.vocabulary.prepare()
            index.coarse_keys("")  # (builds their lookup: ~50 ms for the real lists)
            for slot in index.slot.values():
                entity = index.entities[slot]
                if entity is not None and slot not in self._proxies:
                    self._proxy(slot, entity).analysed_names()
                    # and the words a hit's explanation aligns (`explain.alignment`)
                    organisation = entity.schema in ORGANISATION_SCHEMAS
                    for word in {w for name in entity.all_names for w in name.split()}:
                        word_parts(word, organisation)
        gc.collect()
        gc.freeze()

    def screen(self, query: Query, floor: float = 0.5, limit: int = 10) -> list[Hit]:
        """Hits at or above `floor`, best first."""
        if not query.name.strip():
            return []
        with no_cycle_collection():
            prepared = Prepared.of(query, self.index)
            names = self.index.candidates(prepared.key_tokens, prepared.part_tokens, prepared.size)
            pre = prescore(prepared, self.index, names) if len(names) else None
            return self._finish(query, prepared, floor, limit, names, pre)

    def screen_many(
        self, queries: Sequence[Query], floor: float = 0.5, limit: int = 10
    ) -> list[list[Hit]]:
        """Each query's hits (`screen`: the same), a block at a time: the block's candidates
        are looked up and pre-scored together (numpy's and rapidfuzz's fixed cost per call is
        much of one query's time), logic-v2 scores each query's survivors."""
        results: list[list[Hit]] = []
        for start in range(0, len(queries), BLOCK):
            block = queries[start : start + BLOCK]
            with no_cycle_collection():
                answers = iter(self._block([q for q in block if q.name.strip()], floor, limit))
                results += [next(answers) if q.name.strip() else [] for q in block]
        return results

    def _block(self, block: list[Query], floor: float, limit: int) -> list[list[Hit]]:
        index = self.index
        prepared = [Prepared.of(q, index) for q in block]
        names = index.candidates_many([(p.key_tokens, p.part_tokens, p.size) for p in prepared])
        best, by_key = prescore_many(prepared, index, names)
        # which queries have a candidate through the gate (`_keyed`), for the whole block
        counts = [len(n) for n in names]
        arabic = np.repeat(np.array([has_arabic(q.name) for q in block], dtype=bool), counts)
        every = np.concatenate(names) if names else np.zeros(0, dtype=np.int64)
        through = best + 0.001 * (index.columns.arabic[every] == arabic) >= self._gate(floor)
        passing = set(np.repeat(np.arange(len(block)), counts)[through].tolist())
        answers: list[list[Hit]] = []
        start = 0
        for number, (query, found, count) in enumerate(zip(block, prepared, counts, strict=True)):
            end = start + count
            pre = (best[start:end], by_key[start:end]) if number in passing else None
            answers.append(self._finish(query, found, floor, limit, names[number], pre))
            start = end
        return answers

    @staticmethod
    def _gate(floor: float) -> float:
        """logic-v2 is the costly step: only candidates whose pre-score could lead to a hit."""
        return max(PRESCORE_FLOOR, floor + PRESCORE_ABOVE)

    def _finish(
        self,
        query: Query,
        prepared: Prepared,
        floor: float,
        limit: int,
        names: np.ndarray,
        pre: tuple[np.ndarray, np.ndarray] | None,
    ) -> list[Hit]:
        hits = self._keyed(query, prepared, floor, names, pre) if pre is not None else []
        found = {(h.list_name, h.entity_id) for h in hits}
        hits += [
            h
            for h in self._initials(query, prepared, floor)
            if (h.list_name, h.entity_id) not in found
        ]
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def _keyed(
        self,
        query: Query,
        prepared: Prepared,
        floor: float,
        names: np.ndarray,
        prescored: tuple[np.ndarray, np.ndarray],
    ) -> list[Hit]:
        """The candidates by key (`names`), pre-scored, the few best scored by logic-v2."""
        index = self.index
        gate = self._gate(floor)
        same_script = has_arabic(query.name)
        arabic, entity_of, text_of = index.name_arabic, index.name_entity, index.name_text
        best_per_entity: dict[int, tuple[float, int]] = {}
        passing: dict[int, set[str]] = {}
        # (in Python: some 40 candidates, fewer pass; numpy's fixed cost per call is more)
        pre, by_key = prescored
        for name, score, closeness in zip(
            names.tolist(), pre.tolist(), by_key.tolist(), strict=True
        ):
            # on a tie, prefer the listed name written in the query's script
            if arabic[name] == same_script:
                score += 0.001
            if score < gate:
                continue
            score += PRESCORE_TIE * closeness  # on a tie, the name whose keys are closest
            slot = entity_of[name]
            passing.setdefault(slot, set()).add(text_of[name])
            if score > best_per_entity.get(slot, (-1.0, 0))[0]:
                best_per_entity[slot] = (score, name)
        if not best_per_entity:
            return []
        ranked = sorted(best_per_entity.items(), key=lambda kv: -kv[1][0])[:RESCORED]
        ranked = [r for r in ranked if r[1][0] >= ranked[0][1][0] - PRESCORE_MARGIN]
        from amanah.screening.proxies import query_entity

        q_proxy = query_entity(query, prepared.names)
        hits: list[Hit] = []
        for slot, (_, name) in ranked:
            entity = index.entities[slot]
            assert entity is not None
            hit = self._score(
                query,
                q_proxy,
                slot,
                entity,
                index.name_text[name],
                floor,
                passing[slot],
                prepared.reread,
            )
            if hit is not None:
                hits.append(hit)
        return hits

    def _initials(self, query: Query, prepared: Prepared, floor: float) -> list[Hit]:
        """An acronym ("IRGC", "I.R.G.C.") against the organisation names whose meaningful
        words have these initials: logic-v2 compares letters and scores it 0, so the initials
        are the reason, and the score is fixed (`INITIALS_SCORE`), below a match for three
        letters (too many names share them)."""
        if query.type == "person":
            return []
        index = self.index
        hits: list[Hit] = []
        seen: set[int] = set()
        for text in prepared.names:
            token = fold(text)
            if not (INITIALS_LETTERS[0] <= len(token) <= INITIALS_LETTERS[1] and token.isalpha()):
                continue
            for name in index.vocabulary.initials(token):
                slot = index.name_entity[name]
                entity = index.entities[slot]
                if entity is None or slot in seen:
                    continue
                seen.add(slot)
                fields = fields_of(query, entity)
                score = (INITIALS_SCORE if len(token) >= 4 else INITIALS_SHORT) * field_factor(
                    fields
                )
                if score < floor:
                    continue
                matched = index.name_text[name]
                explanation = self._explanation(entity, matched, "initials", fields)
                explanation["name_parts"] = [{"query": token, "listed": matched, "score": 1.0}]
                hits.append(
                    Hit(
                        entity.list_name,
                        entity.entity_id,
                        entity.caption,
                        score,
                        explanation,
                        entity,
                    )
                )
        return hits

    def _score(
        self,
        query: Query,
        q_proxy: EntityProxy,
        slot: int,
        entity: ListedEntity,
        matched_name: str,
        floor: float,
        names: set[str] | None = None,
        read_as: str | None = None,
    ) -> Hit | None:
        from nomenklatura.matching.util import FNUL

        from amanah.screening.scoring import Scoring, scoring_plan

        listed = self._proxy(slot, entity)
        if names is not None:
            listed = listed.restricted(names)
        # across scripts the keys may stand in for logic-v2's name score (below): no floor
        across = scripts_differ(query.name, matched_name)
        from amanah.screening.proxies import known_words

        with known_words((self.reference or self.index).vocabulary.words):
            score, explained = Scoring.score(
                q_proxy, listed, scoring_plan(), FNUL if across else floor
            )
        score = float(score)
        if score < floor and not across:
            return None
        features = {k: v for k, v in explained.items() if v.score}
        name_note = explained.get("name_match")
        organisation = entity.schema in ORGANISATION_SCHEMAS
        fields = fields_of(query, entity)
        basis = "logic-v2"
        if across:
            # logic-v2 compares letters; across scripts the keys stand in for the name
            # comparison, with the same field checks
            overlap = key_stand_in(query.name, matched_name, organisation, fields)
            if overlap > score:
                score, basis = overlap, "script-independent key"
        if score < floor:
            return None
        detail = name_note.detail if name_note is not None and basis == "logic-v2" else None
        name_parts, common = self._name_parts(query, matched_name, organisation, read_as, detail)
        if common and not corroborated(fields):
            # a match resting only on very common name parts, nothing else agreeing: a
            # review item at most (and less when the birth date or nationality differs)
            score *= COMMON_FACTOR
            if score < floor:
                return None
        explanation = self._explanation(entity, matched_name, basis, fields)
        explanation["name_parts"] = name_parts
        if common:
            explanation["common_name_parts"] = common
            explanation["corroborated"] = corroborated(fields)
        if read_as is not None:
            explanation["read_as"] = read_as
        explanation["matcher"] = name_note.detail if name_note is not None else None
        explanation["penalties"] = {
            k: round(float(v.score), 3) for k, v in features.items() if k != "name_match"
        }
        return Hit(
            entity.list_name, entity.entity_id, entity.caption, min(score, 1.0), explanation, entity
        )

    def _name_parts(
        self,
        query: Query,
        matched_name: str,
        organisation: bool,
        read_as: str | None,
        detail: str | None,
    ) -> tuple[list[dict[str, Any]], list[str]]:
        """The alignment of the name parts (as logic-v2 decided, when it did), and the common
        parts the match rests on alone (for a query naming a person)."""
        name_parts = reconcile(alignment(query, matched_name, organisation, read_as), detail)
        if query.type != "person":  # (a person's name may hit an organisation's alias)
            return name_parts, []
        return name_parts, self.common_only(name_parts, by_key=has_arabic(query.name))

    def common_only(self, name_parts: list[dict[str, Any]], by_key: bool = False) -> list[str]:
        """The matched query parts, when together they say little about who is named: the
        information of each listed word they matched (-ln of the share of listed names holding
        the part in any of its spellings, `Vocabulary.spellings`; of its key for a query in
        Arabic script, which writes no short vowels)
        adds up to less than `COMMON_EVIDENCE` (Mohammed, Ali, Ahmed, Hassan… 3-5 each; a rare
        surname 8-10). Else nothing."""
        reference = self.reference or self.index
        total = len(reference.name_entity)
        if total < FREQUENCY_NAMES:
            return []  # too few names to say what is common
        matched = [p for p in name_parts if p["listed"] is not None]
        vocabulary = reference.vocabulary
        by_word: dict[str, float] = {}
        for part in matched:
            text = part["query"]
            if skeleton(text) == "bd":
                continue  # Abd (servant of) says nothing without the name that follows
            # a spelling's share alone would call each spelling of Mohammed rare: its other
            # spellings count too, at half; in Arabic script, which writes no short vowels,
            # the key's share, and for a part the lists never write as a word (the "lah" of
            # Abdallah, a typo) the key's at half
            if by_key:
                share = reference.key_share(skeleton(text))
            elif not vocabulary.words[text]:
                share = OTHER_SPELLINGS * reference.key_share(skeleton(text))
            else:
                spellings = OTHER_SPELLINGS * vocabulary.spellings(text)
                share = (vocabulary.words[text] + spellings) / total
            info = -math.log(max(share, SHARE_FLOOR))
            by_word[part["listed"]] = max(by_word.get(part["listed"], 0.0), info)
        if matched and sum(by_word.values()) < COMMON_EVIDENCE:
            return [p["query"] for p in matched]
        return []

    @staticmethod
    def _explanation(
        entity: ListedEntity, matched_name: str, basis: str, fields: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "matched_name": matched_name,
            "basis": basis,
            "name_parts": [],
            "fields": fields,
            "matcher": None,
            "penalties": {},
            "list": entity.list_name,
            "entity_id": entity.entity_id,
            "reference": entity.reference,
            "listed_on": entity.listed_on.isoformat() if entity.listed_on else None,
            "programmes": list(entity.programmes),
        }
