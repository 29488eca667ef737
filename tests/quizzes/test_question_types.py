"""The contract every registered question type keeps: render → answer → re-show → grade, through the pages,
and nothing in the attempt page tells which answer is right."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from quizzes import attempts
from quizzes.grading import question_problems
from quizzes.models import Attempt, Option, Question
from quizzes.question_types import get_question_type, question_types
from tests.factories import EXAMPLES, QuestionFactory, QuizFactory, make_course
from tests.quizzes.conftest import full_marks_form

pytestmark = pytest.mark.django_db
CODES = [question_type.code for question_type in question_types()]


def test_every_type_has_a_label_templates_and_a_test_example():
    for question_type in question_types():
        assert question_type.label and question_type.description
        assert question_type.code in EXAMPLES, f"add an example of {question_type.code!r} to tests/factories.py"


@pytest.fixture
def one_question(teacher, student):
    def make(code):
        # Option ids far above any layout index, so an id in the page could not pass for an index.
        filler = QuestionFactory(quiz=QuizFactory(course=make_course()), kind="single")
        Option.objects.bulk_create(Option(question=filler, text=str(number)) for number in range(300))
        course = make_course(teachers=[teacher], students=[student])
        quiz = QuizFactory(course=course, shuffle_choices=True)
        return QuestionFactory(quiz=quiz, kind=code)

    return make


def fieldset(response, question) -> BeautifulSoup:
    page = BeautifulSoup(response.content, "html.parser")
    found = page.select_one(f"form#attempt-form fieldset[data-question='{question.pk}']")
    assert found is not None and found["data-kind"] == question.kind
    return found


def shown_values(element) -> dict[str, list[str]]:
    """What the inputs show: checked boxes, selected options and typed text, by field name."""
    values: dict[str, list[str]] = {}
    for field in element.select("input, select, textarea"):
        name = field.get("name")
        if field.name == "select":
            chosen = [option["value"] for option in field.select("option[selected]")]
        elif field.get("type") in ("radio", "checkbox"):
            chosen = [field["value"]] if field.has_attr("checked") else []
        elif field.name == "textarea":
            chosen = [field.get_text()] if field.get_text() else []
        else:
            chosen = [field["value"]] if field.get("value") else []
        values.setdefault(name, []).extend(chosen)
    return {name: chosen for name, chosen in values.items() if chosen}


@pytest.mark.parametrize("code", CODES)
def test_round_trip_through_the_plain_form(student_client, one_question, code):
    question = one_question(code)
    student_client.post(reverse("quizzes:start", args=[question.quiz.course.slug, question.quiz.pk]))
    attempt = Attempt.objects.get(quiz=question.quiz)
    form = full_marks_form(attempt)
    shown = fieldset(student_client.get(attempt.get_absolute_url()), question)
    assert set(form) <= {field.get("name") for field in shown.select("[name]")}, "the type fills its own inputs"

    posted = {name: form.getlist(name) for name in form}
    assert student_client.post(reverse("quizzes:attempt_post", args=[attempt.pk]), posted).status_code == 302
    again = shown_values(fieldset(student_client.get(attempt.get_absolute_url()), question))
    assert again == {name: form.getlist(name) for name in form}, "the saved answer is shown again as given"

    student_client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    if get_question_type(code).graded_by_teacher:
        # No rule grades it: the answer waits for the teacher's mark, and the score is not final until then.
        assert attempt.awaiting_grading and attempt.score == 0 and attempt.max_score == question.points
    else:
        assert not attempt.awaiting_grading and attempt.score == attempt.max_score == question.points
    review = student_client.get(reverse("quizzes:review", args=[attempt.pk]))
    assert review.status_code == 200


@pytest.mark.parametrize("code", CODES)
def test_the_page_script_saves_the_same_fields(student_client, one_question, code):
    question = one_question(code)
    student_client.post(reverse("quizzes:start", args=[question.quiz.course.slug, question.quiz.pk]))
    attempt = Attempt.objects.get(quiz=question.quiz)
    form = full_marks_form(attempt)
    fields = {**{name: form.getlist(name) for name in form}, "answered": str(question.pk)}
    response = student_client.post(reverse("quizzes:autosave", args=[attempt.pk]), fields)
    assert response.json() == {**response.json(), "saved": [str(question.pk)], "problems": {}}
    cleared = {name: "" for name in full_marks_form(attempt)} | {"answered": str(question.pk)}
    student_client.post(reverse("quizzes:autosave", args=[attempt.pk]), cleared)
    assert attempts.saved_answers(attempt)[question.pk] == {}, "clearing an answer saves too"


@pytest.mark.parametrize("code", CODES)
def test_the_attempt_page_never_reveals_the_answer(student_client, one_question, code):
    question = one_question(code)
    student_client.post(reverse("quizzes:start", args=[question.quiz.course.slug, question.quiz.pk]))
    attempt = Attempt.objects.get(quiz=question.quiz)
    before = fieldset(student_client.get(attempt.get_absolute_url()), question)
    option_ids = {str(pk) for pk in question.options.values_list("pk", flat=True)}
    for element in before.select("[value], [name], [id]"):
        for attribute in ("value", "name", "id"):
            parts = set(str(element.get(attribute, "")).replace("-", " ").replace("q", " ").split())
            assert not parts & option_ids, f"an option id in {element}"
    # The same page whichever answer is right.
    for option in question.options.all():
        Option.objects.filter(pk=option.pk).update(is_correct=not option.is_correct, position=100 - option.position)
    Question.objects.filter(pk=question.pk).update(numeric_answer=12345, feedback="ЖАУАП")
    after = fieldset(student_client.get(attempt.get_absolute_url()), question)
    assert str(after) == str(before)
    assert "ЖАУАП" not in str(after)


def test_the_demo_quiz_has_one_question_of_every_type():
    from quizzes.demo import create_demo_quiz

    quiz = create_demo_quiz(make_course())
    assert sorted(quiz.questions.values_list("kind", flat=True)) == sorted(CODES)
    for question in quiz.questions.prefetch_related("options"):
        assert question_problems(attempts.spec_for(question, question.options.all())) == [], question.kind


@pytest.mark.parametrize("code", CODES)
def test_an_answer_carries_over_to_a_new_version_of_its_question(student, teacher, one_question, code):
    from quizzes import versions

    question = one_question(code)
    attempt = attempts.start_attempt(question.quiz, student)
    attempts.save_answers(
        attempt, attempts.answers_from_form(full_marks_form(attempt), attempts.question_views(attempt))
    )
    attempts.finish(attempt)
    edited = Question.objects.get(pk=question.pk)
    edited.text = edited.text.replace("?", " (түзетілді)?") if "{" not in edited.text else edited.text + " "
    rows = [{field: getattr(option, field) for field in versions.OPTION_FIELDS} for option in question.options.all()]
    newest = versions.save_new_version(edited, rows)
    before = attempts.saved_answers(attempt)[question.pk]
    attempts.regrade([question.quiz], acting_user=teacher, to_latest=True)
    attempt.refresh_from_db()
    assert attempt.question_ids == [newest.pk]
    after = attempts.saved_answers(attempt)[newest.pk]
    assert bool(after) == bool(before), "the answer is still there"
    if not get_question_type(code).graded_by_teacher:
        assert attempt.score == attempt.max_score, "and still fully right"
