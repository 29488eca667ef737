"""Lecture Markdown to safe HTML, with the right ``lang`` on every block.

Lecture notes mix Kazakh and Russian paragraphs; screen readers, hyphenation
and search engines need to know which is which, so each block element gets a
``lang`` attribute from ``detect_language``. The HTML is sanitised with nh3
(ammonia): scripts, event handlers and ``javascript:`` links never survive.

``class`` and ``id`` are kept only in the forms the lecture importer writes
(``{: #def-3-1 .definition }`` on a definition paragraph): a document or a
teacher's text could otherwise cover the page with a Bootstrap
``stretched-link`` or reuse one of the page's own ids such as ``main``.
"""

import re
import xml.etree.ElementTree as ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")
# Kazakh prose has one of its own letters in a large share of its words;
# a Russian paragraph quoting a Kazakh name stays well below this.
KAZAKH_WORD_SHARE = 0.15
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd"}

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "title"},
    "p": {"id", "class"},
    "a": {"href"},
    "td": {"colspan", "rowspan"},
}
# What ``courses.importing.section_markdown`` puts on a definition paragraph, and nothing else.
ALLOWED_CLASSES = frozenset({"definition"})
DEFINITION_ID = re.compile(r"def-\d{1,3}(?:-\d{1,3})?")


def detect_language(text: str, default: str = "kk") -> str:
    """``kk`` or ``ru`` for Cyrillic text, ``en`` for Latin-only text, else ``default``."""
    words = [word for word in _WORD.findall(text) if _CYRILLIC.search(word)]
    if not words:
        return "en" if _LATIN.search(text) else default
    kazakh = sum(1 for word in words if KAZAKH_LETTERS.intersection(word))
    if kazakh / len(words) >= KAZAKH_WORD_SHARE:
        return "kk"
    if kazakh == 0 and len(words) <= 3:
        return default  # too short to tell ("Жоспар" is Kazakh without a Kazakh letter)
    return "ru"


class _LanguageTreeprocessor(Treeprocessor):
    def __init__(self, md, default: str):
        super().__init__(md)
        self.default = default

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in BLOCK_TAGS and "lang" not in element.attrib:
                element.set("lang", detect_language("".join(element.itertext()), self.default))


class _LanguageExtension(Extension):
    def __init__(self, default: str):
        super().__init__()
        self.default = default

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_LanguageTreeprocessor(md, self.default), "block_language", 5)


def _own_classes_and_ids(element: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: keep ``class``/``id`` only as the importer writes them; other attributes pass."""
    if attribute == "class":
        return " ".join(name for name in value.split() if name in ALLOWED_CLASSES) or None
    if attribute == "id":
        return value if DEFINITION_ID.fullmatch(value) else None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_own_classes_and_ids,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, default_language: str = "kk") -> str:
    if not text.strip():
        return ""
    html = markdown.markdown(
        text, extensions=["attr_list", "sane_lists", "tables", _LanguageExtension(default_language)]
    )
    return sanitize(html)
