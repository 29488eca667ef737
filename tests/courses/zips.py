"""Zips built for tests: real .docx files with parts added or blown up."""

import io
import zipfile


def rezip(data: bytes, *, extra: int = 0, huge: dict[str, int] | None = None) -> bytes:
    """A copy of the zip ``data`` with ``extra`` tiny members added, or the members named in ``huge`` made
    that many bytes of zeros (written in chunks, so the test never holds them in memory)."""
    huge = huge or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in huge:
                chunk = bytes(1024 * 1024)
                with target.open(info.filename, "w") as member:
                    for _ in range(huge[info.filename] // len(chunk)):
                        member.write(chunk)
            else:
                target.writestr(info.filename, source.read(info.filename))
        for number in range(extra):
            target.writestr(f"extra/part{number}.xml", b"<a/>")
    return buffer.getvalue()
