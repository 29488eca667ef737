"""Factories for test data (factory_boy): people, courses, lectures, quizzes and questions of every type.

``make_user`` and ``make_course`` are the short forms most tests use.
``QuestionFactory(kind=...)`` makes a gradable question of any registered
type from ``EXAMPLES``; a new question type adds its example here (the
contract test in tests/quizzes/test_question_types.py says so when it is
missing).
"""

from decimal import Decimal
from itertools import count

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from courses.roles import make_student, make_teacher

PASSWORD = "correct-horse-battery-42"
_serial = count(1)


class UserFactory(DjangoModelFactory):
    """A user with the known ``PASSWORD``; ``role=`` "student" (the default), "teacher" or "admin"."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user{number}")
    full_name = factory.Sequence(lambda number: f"Тестов Пайдаланушы {number}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            (make_student if (extracted or "student") == "student" else make_teacher)(user)


def make_user(role: str = "student", *, username: str | None = None, full_name: str = "", **fields):
    """Create a user with a known password (``PASSWORD``) and the given role."""
    number = next(_serial)
    return UserFactory(
        role=role,
        username=username or f"{role}{number}",
        full_name=full_name or f"Тестов {role.title()} {number}",
        is_superuser=role == "admin",
        **fields,
    )


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = "courses.Course"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda number: f"Курс {number}")
    slug = factory.Sequence(lambda number: f"course-{number}")
    is_published = True

    @factory.post_generation
    def teachers(course, create, extracted, **kwargs):
        if create and extracted:
            course.teachers.add(*extracted)

    @factory.post_generation
    def students(course, create, extracted, **kwargs):
        from courses.models import Enrollment

        if create and extracted:
            Enrollment.objects.bulk_create(Enrollment(course=course, student=student) for student in extracted)


def make_course(*, teachers=(), students=(), published: bool = True, slug: str | None = None, **fields):
    if slug:
        fields["slug"] = slug
    return CourseFactory(teachers=teachers, students=students, is_published=published, **fields)


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


class QuizFactory(DjangoModelFactory):
    class Meta:
        model = "quizzes.Quiz"

    course = factory.LazyFunction(make_course)
    title = factory.Sequence(lambda number: f"Тест {number}")
    is_published = True
    attempts_allowed = 0
    time_limit_minutes = 30


# What a gradable question of each type holds: its text, extra fields, and options
# as (text, is_correct, match, position).
EXAMPLES = {
    "single": {
        "text": "Мәслихат депутаттары неше жылға сайланады?",
        "fields": {"feedback": "Заңның 7-бабы бойынша."},
        "options": [("5 жылға", True, "", 1), ("4 жылға", False, "", 2), ("6 жылға", False, "", 3)],
    },
    "multiple": {
        "text": "Жергілікті өкілді органдарға қайсылары жатады?",
        "options": [("облыс мәслихаты", True, "", 1), ("аудан мәслихаты", True, "", 2), ("әкімдік", False, "", 3)],
    },
    "true_false": {
        "text": "Әкімді Президент тағайындайды.",
        "options": [("Дұрыс", True, "", 1), ("Бұрыс", False, "", 2)],
    },
    "short": {
        "text": "Облыс әкімінің аппараты қалай аталады?",
        "fields": {"typo_tolerance": 1},
        "options": [("әкімдік", True, "", 1), ("акимат", True, "", 2)],
    },
    "numeric": {
        "text": "Облыстар саны?",
        "fields": {"numeric_answer": Decimal("17"), "tolerance": Decimal("0")},
        "options": [],
    },
    "matching": {
        "text": "Органды оның басшысымен сәйкестендіріңіз.",
        "options": [("әкімдік", False, "әкім", 1), ("мәслихат", False, "хатшы", 2), ("", False, "төраға", 3)],
    },
    "ordering": {
        "text": "Заң қабылдау кезеңдерін ретімен қойыңыз.",
        "options": [("жоба", False, "", 1), ("талқылау", False, "", 2), ("қабылдау", False, "", 3)],
    },
    "cloze": {
        "text": "Қазақстанның астанасы {1:SHORTANSWER:=Астана~=Astana}, облыстар саны {1:NUMERICAL:=17:0}, "
        "облыс әкімін {2:MULTICHOICE:=Президент~Парламент~халық} тағайындайды.",
        "options": [],
    },
    "essay": {
        "text": "Жергілікті өзін-өзі басқарудың мәнін өз сөзіңізбен түсіндіріңіз.",
        "fields": {"word_limit": 50},
        "options": [],
    },
}


class QuestionFactory(DjangoModelFactory):
    """A gradable question of ``kind`` (any type in ``EXAMPLES``), with its options."""

    class Meta:
        model = "quizzes.Question"

    quiz = factory.SubFactory(QuizFactory)
    kind = "single"
    position = factory.Sequence(lambda number: number + 1)
    points = Decimal("2")
    text = factory.LazyAttribute(lambda question: EXAMPLES[question.kind]["text"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        fields = EXAMPLES[kwargs["kind"]].get("fields", {})
        question = super()._create(model_class, *args, **{**fields, **kwargs})
        for text, is_correct, match, position in EXAMPLES[question.kind]["options"]:
            question.options.create(text=text, is_correct=is_correct, match=match, position=position)
        return question


def make_quiz_of_every_type(course=None, **fields):
    """A published quiz with one question of every registered type, 2 points each."""
    from quizzes.question_types import question_types

    quiz = QuizFactory(course=course or make_course(), **fields)
    for position, question_type in enumerate(question_types(), start=1):
        QuestionFactory(quiz=quiz, kind=question_type.code, position=position)
    return quiz


class AttemptFactory(DjangoModelFactory):
    """A finished attempt with its score (for grade tables); attempts students take go through attempts.start_attempt."""

    class Meta:
        model = "quizzes.Attempt"

    quiz = factory.SubFactory(QuizFactory)
    student = factory.LazyFunction(make_user)
    number = 1
    state = "submitted"
    score = Decimal("0")
    max_score = Decimal("10")
    submitted_at = factory.LazyFunction(timezone.now)
