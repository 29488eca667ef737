"""Text rules for Kazakh (and Russian) terms: normalisation, Kazakh alphabetical order, inflection.

Pure functions, no Django. The importer, the glossary search, auto-linking
in lectures and short-answer grading all compare words through these rules.

Kazakh is agglutinative: "әкім" (governor) appears as "әкімнің" (of the
governor), "әкімдер" (governors), "әкімге" (to the governor). No stemmer for
Kazakh exists in Snowball, NLTK or PostgreSQL, so ``matches_inflected`` checks
that a word is a glossary word followed only by inflectional suffixes from
``SUFFIXES`` (plural, possessive, case, "-дағы"), allowing the consonant
change at the end of a stem before a vowel (п→б, к→г, қ→ғ: "кітап" →
"кітабы"). Derivational suffixes such as -лық/-лік are deliberately *not*
in the list: "әкімдік" (akimat) is a different word from "әкім".
"""

import re
import unicodedata
from functools import lru_cache

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u2039\u203a`\u00b4"
_TRANSLATE = str.maketrans(
    {
        **{dash: "-" for dash in _DASHES},
        **{quote: '"' for quote in _QUOTES},
        "\u00ad": None,  # soft hyphen
        "\u00a0": " ",
        "ё": "е",
    }
)
# Latin look-alikes typed inside Cyrillic words on keyboards without a Kazakh layout.
_LATIN_IN_CYRILLIC = str.maketrans(
    {"ə": "ә", "ɵ": "ө", "i": "і", "h": "һ", "a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у"}
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
LATIN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VOWELS = set("аәеёиоөұүуыіэюя")


def _fold_lookalikes(word: str) -> str:
    return word.translate(_LATIN_IN_CYRILLIC) if _CYRILLIC.search(word) else word


def normalize(text: str) -> str:
    """Fold case, ``ё``/``е``, dash and quote variants, Latin look-alikes and whitespace.

    ``str.casefold`` is Unicode-correct for the Kazakh letters (Ә/ә, Қ/қ, І/і, Ң/ң,
    Ө/ө, Ұ/ұ, Ү/ү, Һ/һ, Ғ/ғ), unlike SQLite's ASCII-only ``LIKE``.
    """
    text = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLATE)
    text = _WORD.sub(lambda match: _fold_lookalikes(match.group()), text)
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Normalised words; hyphenated words ("өзін-өзі") stay whole."""
    return _WORD.findall(normalize(text))


# Kazakh alphabetical order ---------------------------------------------------------------------------

_ORDER = {letter: index for index, letter in enumerate(KAZAKH_ALPHABET.casefold(), start=20)}
_ORDER.update({letter: index for index, letter in enumerate(LATIN_ALPHABET.casefold(), start=70)})
_ORDER.update({digit: index for index, digit in enumerate("0123456789", start=5)})
_ORDER.update({" ": 1, "-": 2})
_OTHER = 99
SORT_KEY_LETTERS = 80


def sort_key(term: str) -> str:
    """Digits-only key that sorts in the Kazakh alphabet's order (А Ә Б … Я, then Latin).

    Only digits, so every database collation (SQLite BINARY, PostgreSQL C or
    ICU) orders the stored keys the same way. ``ё`` keeps its own place after
    ``е`` here, while ``normalize`` folds it for searching.
    """
    text = unicodedata.normalize("NFC", term).casefold().translate({ord("ə"): "ә", ord("ɵ"): "ө"})
    text = _SPACES.sub(" ", text).strip()[:SORT_KEY_LETTERS]
    return "".join(f"{_ORDER.get(char, _OTHER):02d}" for char in text if char.isalnum() or char in " -")


def first_letter(term: str) -> str:
    """The letter a term is filed under in the letter bar ("#" for digits and symbols)."""
    for char in unicodedata.normalize("NFC", term).strip():
        upper = char.upper()
        if upper in KAZAKH_ALPHABET or upper in LATIN_ALPHABET:
            return upper
        if char.isalnum():
            return "#"
    return "#"


# Inflection --------------------------------------------------------------------------------------------

KAZAKH_SUFFIXES = (
    # plural
    "лар", "лер", "дар", "дер", "тар", "тер",
    # possessive
    "ым", "ім", "м", "ың", "ің", "ң", "ыңыз", "іңіз", "ңыз", "ңіз", "ы", "і", "сы", "сі",
    "ымыз", "іміз", "мыз", "міз", "лары", "лері", "дары", "дері", "тары", "тері",
    # genitive
    "ның", "нің", "дың", "дің", "тың", "тің",
    # dative
    "ға", "ге", "қа", "ке", "а", "е", "на", "не",
    # accusative
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
    # locative
    "да", "де", "та", "те", "нда", "нде",
    # ablative
    "дан", "ден", "тан", "тен", "нан", "нен",
    # instrumental
    "мен", "бен", "пен", "менен", "бенен", "пенен",
    # "the one in/at": -дағы
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
)  # fmt: skip
RUSSIAN_ENDINGS = ("а", "я", "у", "ю", "ом", "ем", "ой", "ей", "ы", "и", "е", "ами", "ями", "ах", "ях", "ов", "ев")
SUFFIXES = frozenset(KAZAKH_SUFFIXES + RUSSIAN_ENDINGS)
_MAX_SUFFIX = max(map(len, SUFFIXES))
MAX_SUFFIXES = 4
MIN_STEM = 3
_ALTERNATIONS = {"п": "б", "к": "г", "қ": "ғ"}


@lru_cache(maxsize=65536)
def is_suffix_chain(rest: str, depth: int = 0) -> bool:
    """Whether ``rest`` is one to four inflectional suffixes in a row."""
    if not rest:
        return depth > 0
    if depth >= MAX_SUFFIXES:
        return False
    return any(
        rest[:length] in SUFFIXES and is_suffix_chain(rest[length:], depth + 1)
        for length in range(min(_MAX_SUFFIX, len(rest)), 0, -1)
    )


def matches_inflected(word: str, base: str) -> bool:
    """Whether normalised ``word`` is normalised ``base`` itself or ``base`` with inflectional suffixes."""
    if word == base:
        return True
    if len(base) < MIN_STEM or len(word) <= len(base):
        return False
    if word.startswith(base) and is_suffix_chain(word[len(base) :]):
        return True
    softened = _ALTERNATIONS.get(base[-1])
    if softened and word.startswith(base[:-1] + softened):
        rest = word[len(base) :]
        return bool(rest) and rest[0] in _VOWELS and is_suffix_chain(rest)
    return False


def stems(word: str) -> set[str]:
    """Every base ``word`` could be an inflected form of (including itself), for searching."""
    word = normalize(word)
    found = {word}
    for cut in range(1, len(word) - MIN_STEM + 1):
        base, rest = word[:-cut], word[-cut:]
        if is_suffix_chain(rest):
            found.add(base)
            if rest[0] in _VOWELS and base[-1] in _ALTERNATIONS.values():
                hardened = {value: key for key, value in _ALTERNATIONS.items()}[base[-1]]
                found.add(base[:-1] + hardened)
    return found


def phrase_matches(text_words: list[str], term_words: list[str]) -> bool:
    """A multi-word term matches when all but its last word are equal and the last is inflected."""
    if len(text_words) != len(term_words) or not term_words:
        return False
    return text_words[:-1] == term_words[:-1] and matches_inflected(text_words[-1], term_words[-1])
