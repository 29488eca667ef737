"""Reading the formats: a .txt, .md or .docx file becomes a list of ``Line``s (one per paragraph).

Each reader takes the file's bytes and returns the paragraphs with their style
(title, heading, list item or paragraph) and inline Markdown; ``READERS`` maps
a file extension to its reader. ``read_document`` checks the size, refuses
empty or unknown files, and calls the reader. A .docx is checked as a zip
(``courses.uploads.check_zip``) before python-docx opens it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from courses.importing.base import ImportRejected, Line
from courses.uploads import UploadRejected, check_zip

MAX_FILE_SIZE = 5 * 1024 * 1024
SUPPORTED_EXTENSIONS = (".docx", ".txt", ".md")
# A .doc, or a .docx saved with a password, is an OLE compound file, not a zip.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CONVERSION_LEFTOVERS = re.compile(r"\[bookmark:\s*[^\]]*\]|\{#[^}]*\}|\[\]\{#[^}]*\}")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# Line shapes the readers keep apart, which recognition reads again: a numbered item, a bulleted one.
_PLAN_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[·•▪●○◦■\-–—*]\s*(.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_MD_INLINE = re.compile(r"(\*\*|__|\*|_|`)")


def clean(text: str) -> str:
    """Drop Word-conversion leftovers and collapse runs of spaces."""
    text = _CONVERSION_LEFTOVERS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """Make plain text render as itself in Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]#|!])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            _("The file is not UTF-8 text. Save it again choosing the “UTF-8” encoding, or upload the .docx.")
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes) -> list[Line]:
    """Plain text from Word: one paragraph per line."""
    lines = []
    for raw in decode_text(data).split("\n"):
        text = clean(raw)
        if text or _BULLET.match(raw.strip() or "x"):
            lines.append(Line(markdown=escape_markdown(text), plain=text))
    return lines


def _strip_inline_markdown(text: str) -> str:
    return _MD_INLINE.sub("", text)


def read_md(data: bytes) -> list[Line]:
    """Markdown: headings, bullets, and paragraphs that may wrap over several lines."""
    lines: list[Line] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            text = clean(" ".join(paragraph))
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text)))
            paragraph.clear()

    for raw in decode_text(data).split("\n"):
        stripped = raw.strip()
        if heading := _MD_HEADING.match(stripped):
            flush()
            text = clean(heading.group(2))
            style = "title" if len(heading.group(1)) == 1 and not lines else "heading"
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text), style=style))
        elif bullet := _MD_BULLET.match(raw):
            flush()
            text = clean(bullet.group(1))
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text), style="list"))
        elif not stripped or _PLAN_ITEM.match(stripped):
            flush()
            if stripped:
                text = clean(stripped)
                lines.append(Line(markdown=escape_markdown(text), plain=text))
        else:
            paragraph.append(stripped)
    flush()
    return lines


def read_docx(data: bytes) -> list[Line]:
    """Word: paragraph styles give headings and lists; bold runs stay bold."""
    if data.startswith(_OLE_SIGNATURE):
        raise ImportRejected(
            _(
                "This Word file is password-protected or in the old .doc format. "
                "Remove the password or save it as .docx, then upload it again."
            )
        )
    try:
        check_zip(data)  # before python-docx inflates anything: a small .docx can unpack to gigabytes
    except UploadRejected as error:
        raise ImportRejected(str(error)) from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        # zip, lxml and python-docx fail on a broken file in many ways; each means "unreadable".
        unreadable = isinstance(error, PackageNotFoundError | zipfile.BadZipFile | KeyError | ValueError | OSError)
        if unreadable or error.__class__.__module__.startswith(("lxml", "zipfile", "docx")):
            raise ImportRejected(
                _("The Word file is damaged and cannot be read. Open it in Word and save it again.")
            ) from None
        raise

    lines = []
    for paragraph in document.paragraphs:
        plain = clean(paragraph.text)
        style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
        is_list = "List" in style_name or (paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None)
        if not plain and not is_list:
            continue
        markdown = _docx_runs_markdown(paragraph) or escape_markdown(plain)
        if style_name == "Title":
            style = "title"
        elif style_name.startswith("Heading"):
            style = "heading"
        elif is_list:
            style = "list"
        else:
            style = "paragraph"
        lines.append(Line(markdown=markdown, plain=plain, style=style))
    return lines


def _docx_runs_markdown(paragraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = _CONVERSION_LEFTOVERS.sub("", run.text)
        if not text:
            continue
        escaped = escape_markdown(_SPACES.sub(" ", text))
        if run.bold and escaped.strip():
            leading = " " if escaped[0] == " " else ""
            trailing = " " if escaped[-1] == " " else ""
            escaped = f"{leading}**{escaped.strip()}**{trailing}"
        parts.append(escaped)
    return _SPACES.sub(" ", "".join(parts)).strip()


READERS = {".txt": read_txt, ".md": read_md, ".docx": read_docx}


def check_size(size: int) -> None:
    """Refuse a file over the limit (the upload form asks before reading it into memory)."""
    if size > MAX_FILE_SIZE:
        raise ImportRejected(
            _("The file is larger than %(size)d MB. Remove large pictures or split the lecture.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )


def read_document(name: str, data: bytes) -> list[Line]:
    extension = PurePath(name).suffix.lower()
    if extension not in READERS:
        raise ImportRejected(
            _("“%(name)s” is not a supported file. Upload a .docx, .txt or .md file.") % {"name": PurePath(name).name}
        )
    check_size(len(data))
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportRejected(_("The file is empty."))
    lines = READERS[extension](data)
    if not any(line.plain for line in lines):
        raise ImportRejected(_("The file has no text in it."))
    return lines
