import pytest

from quizzes import attempts as rules
from quizzes.demo import create_demo_quiz
from quizzes.models import Question
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
    for view in rules.question_views(attempt):
        kind = view.question.kind
        options = view.options
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            answers[view.key] = str(next(i for i, option in enumerate(options) if option.is_correct))
        elif kind == Question.Kind.MULTIPLE:
            answers[view.key] = [str(i) for i, option in enumerate(options) if option.is_correct]
        elif kind == Question.Kind.SHORT:
            answers[view.key] = next(option.text for option in view.question.options.all() if option.is_correct).upper()
        elif kind == Question.Kind.NUMERIC:
            answers[view.key] = f"{view.question.numeric_answer:f}".rstrip("0").rstrip(".")
        elif kind == Question.Kind.MATCHING:
            answers[view.key] = {
                str(i): str(next(j for j, answer in enumerate(view.answers) if answer.match == option.match))
                for i, option in enumerate(options)
            }
        elif kind == Question.Kind.ORDERING:
            answers[view.key] = [str(i) for i, _option in sorted(enumerate(options), key=lambda pair: pair[1].position)]
    return answers
