import pytest

from quizzes import attempts
from quizzes.demo import create_demo_quiz
from tests.factories import make_course


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], slug="local-gov")


@pytest.fixture
def quiz(course):
    """The demo quiz: one question of every type, with content from the seed lecture."""
    return create_demo_quiz(course)


def correct_answers(attempt) -> dict[str, object]:
    """Fully correct answers as the page sends them: layout indexes, never option ids."""
    answers = {}
    for view in attempts.question_views(attempt):
        kind = view.question.kind
        options = view.options
        if kind in ("single", "true_false"):
            answers[view.key] = str(next(i for i, option in enumerate(options) if option.is_correct))
        elif kind == "multiple":
            answers[view.key] = [str(i) for i, option in enumerate(options) if option.is_correct]
        elif kind == "short":
            answers[view.key] = next(option.text for option in view.question.options.all() if option.is_correct).upper()
        elif kind == "numeric":
            answers[view.key] = f"{view.question.numeric_answer:f}".rstrip("0").rstrip(".")
        elif kind == "matching":
            answers[view.key] = {
                str(i): str(next(j for j, answer in enumerate(view.answers) if answer.match == option.match))
                for i, option in enumerate(options)
            }
        elif kind == "ordering":
            answers[view.key] = [str(i) for i, _option in sorted(enumerate(options), key=lambda pair: pair[1].position)]
    return answers
