"""Checks on uploaded zip-based documents (.docx, .xlsx) before any parser opens them.

A document of a megabyte can inflate to gigabytes of XML (a zip bomb) and
hold a worker for minutes. The zip's central directory lists every member's
uncompressed size; Python's ``zipfile`` never inflates a member beyond the
size listed there, so summing those sizes bounds what a parser can unpack,
and reading the directory costs no decompression at all.
"""

from __future__ import annotations

import io
import struct
import zipfile

from django.utils.translation import gettext as _

# Far above any lecture (the text of a long .docx is a few MB of XML; pictures barely compress).
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
_MB = 1024 * 1024


class UploadRejected(Exception):
    """An uploaded file cannot be read safely; the message says why, for the person who sent it."""


def check_zip(data: bytes) -> None:
    """Refuse a broken zip, or one that would unpack to too much, from its central directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error):
        raise UploadRejected(_("The file is damaged and cannot be read. Open it and save it again.")) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRejected(
            _("The file is made of more than %(count)d parts (pictures, embedded objects); it cannot be read.")
            % {"count": MAX_ZIP_MEMBERS}
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_SIZE:
        raise UploadRejected(
            _("The file unpacks to more than %(size)d MB. Remove large pictures or embedded files, or split it.")
            % {"size": MAX_UNPACKED_SIZE // _MB}
        )
