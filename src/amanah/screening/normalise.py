"""Names as the matcher sees them (pure): Unicode-folded Latin text, name parts without particles,
honorifics or company forms, and a script-independent key per part.

Folding and transliteration come from `normality` (ICU); company forms from `rigour`. Amanah's own
part is the *key*: a consonant skeleton on which an Arabic-script name and its Latin
transliterations meet (محمد → `mhmd` ← Mohammed, Muhammad, Mohamed; حسين → `hsn` ← Hussein,
Husayn), which plain string similarity cannot do (it scores Arabic against Latin as 0)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import groupby

from normality import ascii_text
from rigour.names import remove_org_types, remove_person_prefixes

# particles dropped from the key (they are kept in the name that logic-v2 scores)
PARTICLES = frozenset(
    "al el ul bin ibn ben bint binti abu abou abw bn bnt ibnu bte binte "
    "van von der den de da di du del della la le of and the y".split()
)
HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady sheikh shaikh shaykh sheik haji hajji hadji "
    "mullah mulla maulana maulvi mawlawi sayyid sayed syed imam emir prince "
    "princess king general gen colonel col major maj captain capt lieutenant lt brigadier "
    "admiral commander engineer eng h e his excellency".split()
)
ORG_FORMS = frozenset(
    "llc ltd limited co company corp corporation inc incorporated plc gmbh ag sa sal sarl sas "
    "spa srl bv nv oy ab as asa kg fze fzco fzc fz llp lp jsc ojsc cjsc pjsc pjs pao oao zao ooo "
    "jv est establishment".split()
)
_ABDULLAH = re.compile(r"\babd(?:u|a|e|ou)?[\s-]*a?l+ah?\b")
_ABD = re.compile(r"\babd(?:u|e|a|ou|oul|ul|el|al)?[\s-]*(?:u|e|a)?l[\s-]*(?=[a-z]{3})")
_ARABIC_ABD = re.compile(r"\ba?bd(?=\s|al)")
_ARABIC_ABDULLAH = re.compile(r"\babd\s?all?a?h\b")
_ABD_LAST = re.compile(r"\babd(?:u|e|a|ou|i)l\b")  # no name after it (one dropped): alone
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_TA_MARBUTA = str.maketrans({"ة": "a", "ى": "a", "ـ": ""})
# ICU reads Greek as the ancient language (β -> b); names are written in the modern one, in
# which β is always v ("Βασίλειος" Vasileios, "Παβελ" Pavel)
_GREEK_BETA = str.maketrans({"β": "v", "Β": "V"})
_DOUBLE = re.compile(r"(.)\1+")
_VOWELISH = re.compile(r"[aeiouyw]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def is_latin(text: str) -> bool:
    """True when every letter is Latin (after removing accents)."""
    return text.isascii() or _letters_latin(text)


@lru_cache(maxsize=100_000)
def _letters_latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "LATIN") for ch in text)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """NFKC, transliterated to ASCII, lower case, punctuation to spaces, single spaces."""
    if text.isascii():  # most names: no transliteration needed
        ascii_form = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_TA_MARBUTA).translate(_GREEK_BETA)
        if _THAI.search(text):
            # ICU reads Thai syllable by syllable, a space after each ("ฟรันเชสโก" -> "f ra n
            # ces co"): the words are the text's own
            words = ("".join((ascii_text(word) or "").split()) for word in text.split())
            ascii_form = " ".join(words).lower()
        else:
            ascii_form = (ascii_text(text) or "").lower()
    ascii_form = ascii_form.replace("?", "").replace("'", "").replace("`", "")
    return " ".join(_NON_WORD.sub(" ", ascii_form).split())


def latin(text: str) -> str:
    """A readable Latin form for a name in another script (used as an extra name to score)."""
    return fold(text) if not is_latin(text) else text


@lru_cache(maxsize=200_000)
def parts(name: str, organisation: bool = False) -> tuple[str, ...]:
    """The meaningful name parts: folded, without honorifics, particles and company forms;
    `Abdul Rahman`, `Abd al-Rahman` and `Abdulrahman` all give `abd rahman`."""
    arabic = has_arabic(name)
    text = fold(name)
    if organisation:
        text = fold(remove_org_types(text))
    else:
        text = fold(remove_person_prefixes(text))
    if arabic and "bd" in text:  # عبد: no vowel written, folded "bd"
        text = _ARABIC_ABDULLAH.sub("abd lah", _ARABIC_ABD.sub("abd", text))
    if "abd" in text:
        text = _ABD_LAST.sub("abd", _ABD.sub("abd ", _ABDULLAH.sub("abd lah", text)))
    result: list[str] = []
    for token in text.split():
        if arabic and len(token) > 4 and token.startswith("al"):
            token = token[2:]
        if token in PARTICLES or token in HONORIFICS:
            continue
        if organisation and token in ORG_FORMS:
            continue
        result.append(token)
    return tuple(result) or tuple(text.split())


_DIGRAPHS = (("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("zh", "z"))
_SPELLINGS = (
    ("ph", "f"),
    ("ck", "k"),
    ("ch", "sh"),
    ("q", "k"),
    ("c", "k"),
    ("dj", "j"),
    ("ou", "u"),
    ("ee", "i"),
)
_DROP_VOWELS = str.maketrans("", "", "aeiouyw")


@lru_cache(maxsize=500_000)
def skeleton(part: str) -> str:
    """The consonant skeleton of one folded name part: vowels (and the semi-vowels y, w)
    dropped, h after a consonant dropped (sh, kh, th, dh, gh), q/c→k, ph→f, doubled letters
    collapsed."""
    s = part
    for old, new in _SPELLINGS:
        if old in s:
            s = s.replace(old, new)
    if "h" in s:
        for old, new in _DIGRAPHS:
            s = s.replace(old, new)
    s = (s[:1] if s[:1] not in "aeiouyw" else "") + s[1:].translate(_DROP_VOWELS)
    s = "".join(letter for letter, _ in groupby(s))
    return s or part[:3]


def key(name: str, organisation: bool = False) -> tuple[str, ...]:
    """The script-independent key of a name: the sorted skeletons of its parts."""
    return key_of(parts(name, organisation))


def key_of(name_parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(skeleton(p) for p in name_parts))


# scripts whose Latin reading by ICU cannot tell apart letters that Latin names do: Japanese
# kana and Hangul (r/l, b/v/p, d/t, g/k, s/z/j: "マランク ワセィル" reads "maranku wasiru" for
# Malang WAZIR), Hebrew (no short vowels, vav for v/o/u: "כרגנו" reads "krgnw" for KARGINOV),
# Thai
_LOOSE = re.compile(
    r"[\u0590-\u05FF\u0E00-\u0E7F\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\uAC00-\uD7AF]"
)
_HEBREW = re.compile(r"[\u0590-\u05FF]")
# each letter to its class in those scripts (vowels are already out of a skeleton)
_COARSE = str.maketrans("lvpfwdgqcxzj", "rbbbbtkkkkss")


def loose_script(text: str) -> bool:
    """Written in a script whose Latin reading confuses letters (`coarse`)."""
    return bool(_LOOSE.search(text))


def coarse(token: str) -> str:
    """A key (`skeleton`) with the letters that kana, Hangul, Hebrew and Thai readings confuse
    made one (r/l, b/v/p/f/w, d/t, g/k/q/c/x, s/z/j), doubled letters collapsed."""
    return "".join(letter for letter, _ in groupby(token.translate(_COARSE)))


@lru_cache(maxsize=50_000)
def coarse_key(name: str, organisation: bool = False) -> tuple[str, ...]:
    """The coarse keys of a name in a loose script (`loose_script`): of its Latin reading,
    in which a Hebrew vav is a consonant (v), not a vowel to drop."""
    name_parts = parts(name, organisation)
    if _HEBREW.search(name):
        name_parts = tuple(p.replace("w", "v") for p in name_parts)
    return tuple(sorted(coarse(skeleton(p)) for p in name_parts))


def same_name(query: str, name: str) -> bool:
    """Whether each part of a typed `query` is a part of `name`, both keyed as screening keys
    them (script-independent): "محمد" finds "Mohammed Al-Hassan" and "مُحَمَّد الحسن"."""
    wanted = _key_set(query)
    return bool(wanted) and wanted <= _key_set(name)


@lru_cache(maxsize=500_000)
def _key_set(name: str) -> frozenset[str]:
    return frozenset(key(name))
