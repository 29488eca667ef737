"""Small factories for test data: one place that knows how to make a teacher or a student."""

from itertools import count

from django.contrib.auth import get_user_model

from courses.roles import make_student, make_teacher

PASSWORD = "correct-horse-battery-42"
_serial = count(1)


def make_user(role: str = "student", *, username: str | None = None, full_name: str = "", **fields):
    """Create a user with a known password (``PASSWORD``) and the given role."""
    number = next(_serial)
    user = get_user_model().objects.create_user(
        username=username or f"{role}{number}",
        password=PASSWORD,
        full_name=full_name or f"Тестов {role.title()} {number}",
        is_superuser=role == "admin",
        **fields,
    )
    if role == "student":
        make_student(user)
    else:
        make_teacher(user)
    return user


def make_course(*, teachers=(), students=(), published: bool = True, slug: str | None = None, **fields):
    from courses.models import Course, Enrollment

    number = next(_serial)
    course = Course.objects.create(
        title=fields.pop("title", f"Курс {number}"), slug=slug or f"course-{number}", is_published=published, **fields
    )
    course.teachers.add(*teachers)
    Enrollment.objects.bulk_create(Enrollment(course=course, student=student) for student in students)
    return course


def make_lecture(course, *, published: bool = True, sections: int = 2, **fields):
    from courses.models import Lecture, PlanItem, Section

    number = next(_serial)
    lecture = Lecture.objects.create(
        course=course,
        title=fields.pop("title", f"Дәріс {number}"),
        slug=fields.pop("slug", f"lecture-{number}"),
        position=fields.pop("position", number),
        is_published=published,
        goal=fields.pop("goal", "Студенттерге негіздерді түсіндіру"),
        key_terms=fields.pop("key_terms", [{"term": "әкім", "alias": ""}]),
        **fields,
    )
    for position in range(1, sections + 1):
        section = Section.objects.create(
            lecture=lecture, position=position, title=f"Бөлім {position}", body=f"Мәтін **{position}**.\n\n- бір\n- екі"
        )
        PlanItem.objects.create(lecture=lecture, position=position, title=section.title, section=section)
    return lecture


def make_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """A .docx with (style, text) paragraphs; text between ** is a bold run."""
    import io

    import docx

    document = docx.Document()
    for style, text in paragraphs:
        paragraph = document.add_paragraph(style=style)
        for index, part in enumerate(text.split("**")):
            if part:
                paragraph.add_run(part).bold = index % 2 == 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
