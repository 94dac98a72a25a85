"""Start-up: logic-v2's name data and ICU's transliteration rules, loaded before the first
query rather than by it."""

from __future__ import annotations

from amanah.screening.normalise import key
from amanah.screening.query import Query

# a name in each script that ICU transliterates with rules of its own, loaded at their first
# use (Arabic about 0.03 s, Han 0.13 s), and that rigour analyses with data of its own
WARM_UP_NAMES = (
    "Mohammed Abdul Rahman",
    "محمد عبد الرحمن",  # Arabic
    "王小明",  # Han
    "たなか タナカ",  # Hiragana, Katakana
    "김민수",  # Hangul
    "Иван Петров",  # Cyrillic
    "Ελένη Παπαδοπούλου",  # Greek
    "דוד לוי",  # Hebrew
    "राम कुमार",  # Devanagari
    "রহিম",  # Bengali
    "தமிழ்",  # Tamil
    "สมชาย ใจดี",  # Thai
    "Արամ",  # Armenian
    "გიორგი",  # Georgian
    "ደጀን",  # Ethiopic
)


def warm_up() -> None:
    """logic-v2 loads its name data on first use (seconds), and ICU each script's
    transliteration rules: do both at start-up."""
    from amanah.screening.proxies import query_entity
    from amanah.screening.scoring import Scoring, scoring_config

    for text in WARM_UP_NAMES:
        a = query_entity(Query(text, "IQ", "1970", "person"))
        Scoring.compare(a, a, scoring_config())
        key(text)
