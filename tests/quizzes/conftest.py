import pytest
from django.http import QueryDict

from quizzes import attempts
from tests.factories import make_course, make_quiz_of_every_type


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], slug="local-gov")


@pytest.fixture
def quiz(course):
    """One question of every registered type, 2 points each."""
    return make_quiz_of_every_type(course)


def full_marks_form(attempt) -> QueryDict:
    """The attempt form filled fully right, as each question's type says."""
    form = QueryDict(mutable=True)
    for view in attempts.question_views(attempt):
        for name, value in view.type.full_marks_form(view).items():
            form.setlist(name, value if isinstance(value, list) else [value])
    return form


def correct_answers(attempt) -> dict[str, object]:
    """Fully correct answers as the page sends them: layout indexes, never option ids."""
    return attempts.answers_from_form(full_marks_form(attempt), attempts.question_views(attempt))


def automatic_points(attempt) -> object:
    """The points of the attempt's questions graded without the teacher (every type but essays)."""
    return sum(view.question.points for view in attempts.question_views(attempt) if not view.type.graded_by_teacher)


def mark_essays_fully(attempt, teacher) -> None:
    """The teacher gives every essay answer of the finished attempt its full points (quizzes/marking.py)."""
    from quizzes import marking

    waiting = marking.waiting_responses(attempt.quiz).filter(attempt=attempt)
    marking.mark_many(
        [marking.Mark(response, response.question.points, "Жақсы.") for response in waiting], acting_user=teacher
    )
    attempt.refresh_from_db()
