"""Text rules for Kazakh and Russian terms: normalisation for matching and search.

Pure functions, no Django: the importer, the glossary and quiz grading all
compare words through ``normalize``.
"""

import re
import unicodedata

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"
_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u2039\u203a`\u00b4"
_TRANSLATE = str.maketrans(
    {**{dash: "-" for dash in _DASHES}, **{quote: '"' for quote in _QUOTES}, "ё": "е", "\u00a0": " "}
)
_SPACES = re.compile(r"\s+")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def normalize(text: str) -> str:
    """Fold case, ``ё``/``е``, dash and quote variants and whitespace, for comparing words.

    ``str.casefold`` is Unicode-correct for the Kazakh letters (Ә/ә, Қ/қ, І/і, Ң/ң,
    Ө/ө, Ұ/ұ, Ү/ү, Һ/һ, Ғ/ғ), unlike SQLite's ASCII-only ``LIKE``.
    """
    text = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLATE)
    return _SPACES.sub(" ", text).strip()
