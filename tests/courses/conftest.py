import pytest

from tests.courses.zips import rezip
from tests.factories import make_docx


@pytest.fixture(scope="session")
def docx_bomb() -> bytes:
    """A real .docx of a few hundred KB whose word/document.xml inflates to 200 MB."""
    return rezip(make_docx([("Normal", "Мәтін.")]), huge={"word/document.xml": 200 * 1024 * 1024})


@pytest.fixture(scope="session")
def docx_of_many_parts() -> bytes:
    """A small .docx made of more parts than any lecture needs."""
    return rezip(make_docx([("Normal", "Мәтін.")]), extra=2001)
