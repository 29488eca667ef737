import pytest

from courses.importing import parse_lecture, save_lecture
from tests.factories import make_course


@pytest.fixture
def seed_course(db, teacher, student, seed_lecture):
    """A course whose glossary comes from importing the seed lecture."""
    course = make_course(teachers=[teacher], students=[student], slug="local-gov", title="Жергілікті басқару")
    parsed = parse_lecture("lecture-01.kk.txt", seed_lecture)
    lecture = save_lecture(
        parsed.without({r.number for r in parsed.repeats if r.verbatim}), course=course, title="Дәріс 1"
    )
    lecture.is_published = True
    lecture.save()
    course.refresh_from_db()
    return course
