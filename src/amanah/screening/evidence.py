"""What besides logic-v2's name score a hit may rest on (pure, light): the keys standing in for
the name comparison across scripts, and what the other fields leave of such a score."""

from __future__ import annotations

from amanah.screening.normalise import coarse, coarse_key, has_arabic, is_latin, key, loose_script
from amanah.screening.prescore import key_overlap

# the key overlap that stands in for logic-v2's name score for a query in a script other than
# Latin or Arabic against a Latin name: every key paired exactly (one key an edit away is
# as often another surname as another reading: "svtln" for SEVILLANO's "svln"; pair benchmark,
# script family: at 0.85, 12 more true and 3 more false matches; at 1.0, 8 more true, none false)
OTHER_SCRIPT_OVERLAP = 1.0


def scripts_differ(query_name: str, listed_name: str) -> bool:
    """Arabic script against another, or a query in a script other than Latin or Arabic
    against a Latin name: logic-v2 compares letters, and the keys may stand in
    (`key_stand_in`)."""
    if has_arabic(query_name) != has_arabic(listed_name):
        return True
    return not is_latin(query_name) and not has_arabic(query_name) and is_latin(listed_name)


def key_stand_in(
    query_name: str, listed_name: str, organisation: bool, fields: dict[str, str]
) -> float:
    """The name score the keys give across scripts (`scripts_differ`), with the same field
    checks: their overlap; from a script other than Arabic, read into Latin letters by ICU
    (looser readings than the lists' own), only when every key pairs up
    (`OTHER_SCRIPT_OVERLAP`), else 0."""
    listed_key = key(listed_name, organisation)
    overlap = key_overlap(key(query_name, organisation), listed_key)
    if loose_script(query_name) and overlap < OTHER_SCRIPT_OVERLAP:
        # kana, Hangul, Hebrew, Thai: their readings confuse letters (`normalise.coarse`)
        overlap = key_overlap(
            coarse_key(query_name, organisation), sorted(coarse(k) for k in listed_key)
        )
    if has_arabic(query_name) == has_arabic(listed_name) and overlap < OTHER_SCRIPT_OVERLAP:
        return 0.0
    return overlap * field_factor(fields)


def corroborated(fields: dict[str, str]) -> bool:
    """Something besides the name agrees: nationality, birth date (or one year apart), an
    identifier."""
    return (
        fields.get("country") == "agrees"
        or fields.get("birth_date") in ("agrees", "one year apart")
        or fields.get("identifiers") == "agrees"
    )


def field_factor(fields: dict[str, str]) -> float:
    """What the other fields leave of a name score that logic-v2 did not give (keys across
    scripts, initials): a country that differs, a birth date that differs or is one year
    apart, a person for an organisation."""
    factor = 0.85 if fields.get("country") == "differs" else 1.0
    factor *= {"differs": 0.7, "one year apart": 0.85, "same year, day differs": 0.85}.get(
        fields.get("birth_date", ""), 1.0
    )
    return 0.0 if fields.get("type") == "differs" else factor
