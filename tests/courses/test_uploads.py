"""Zip-based uploads (.docx) are measured from the zip's directory before any parser inflates them."""

import io
import time
import zipfile

import pytest

from courses import uploads
from courses.importing import ImportRejected, parse_lecture
from tests.factories import make_docx

pytestmark = pytest.mark.usefixtures("english")


def forbid_inflating(monkeypatch):
    """From now on, fail the test if anything opens a zip member (that is where inflating starts)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a zip member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def test_a_zip_bomb_is_refused_from_its_directory_alone(docx_bomb, monkeypatch):
    forbid_inflating(monkeypatch)
    assert len(docx_bomb) < 1024 * 1024, "small on the wire"
    started = time.monotonic()
    with pytest.raises(uploads.UploadRejected, match="more than 100 MB"):
        uploads.check_zip(docx_bomb)
    assert time.monotonic() - started < 1


def test_too_many_parts_are_refused(docx_of_many_parts, monkeypatch):
    forbid_inflating(monkeypatch)
    with pytest.raises(uploads.UploadRejected, match="more than 2000 parts"):
        uploads.check_zip(docx_of_many_parts)


def test_an_ordinary_docx_passes(monkeypatch):
    data = make_docx([("Heading 1", "Кіріспе"), ("Normal", "Мәтін.")])
    forbid_inflating(monkeypatch)
    uploads.check_zip(data)


def test_the_limits_count_every_part(monkeypatch):
    data = make_docx([("Normal", "Мәтін.")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total, count = sum(info.file_size for info in archive.infolist()), len(archive.infolist())
    monkeypatch.setattr(uploads, "MAX_UNPACKED_SIZE", total)
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", count)
    uploads.check_zip(data)
    monkeypatch.setattr(uploads, "MAX_UNPACKED_SIZE", total - 1)
    with pytest.raises(uploads.UploadRejected):
        uploads.check_zip(data)
    monkeypatch.setattr(uploads, "MAX_UNPACKED_SIZE", total)
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", count - 1)
    with pytest.raises(uploads.UploadRejected):
        uploads.check_zip(data)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not a zip",
        b"",
        make_docx([("Normal", "Мәтін.")])[:-30],  # the directory's end record cut off
        make_docx([("Normal", "Мәтін.")])[:2000],
    ],
)
def test_a_broken_zip_is_refused_cleanly(data):
    with pytest.raises(uploads.UploadRejected, match="damaged"):
        uploads.check_zip(data)


def test_the_lecture_importer_refuses_a_bomb_before_python_docx_reads_it(docx_bomb, monkeypatch):
    import docx

    monkeypatch.setattr(docx, "Document", lambda *args: pytest.fail("python-docx was given the bomb"))
    with pytest.raises(ImportRejected, match="more than 100 MB"):
        parse_lecture("bomb.docx", docx_bomb)
