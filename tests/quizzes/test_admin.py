"""Quizzes in the teacher's workspace: validation, isolation, regrade, questions from the glossary."""

import pytest
from django.urls import reverse

from quizzes import attempts
from quizzes.demo import QUESTIONS, create_demo_quiz
from quizzes.grading import question_problems
from quizzes.models import Attempt, Option, Question, Quiz
from quizzes.question_types import question_types
from tests.factories import make_course, make_user
from tests.quizzes.conftest import correct_answers, mark_essays_fully

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_admin(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def option_rows(options, prefix="options"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(options)), f"{prefix}-INITIAL_FORMS": "0"}
    for number, (text, correct, match, position) in enumerate(options):
        data.update(
            {
                f"{prefix}-{number}-text": text,
                f"{prefix}-{number}-match": match,
                f"{prefix}-{number}-position": str(position),
                f"{prefix}-{number}-feedback": "",
            }
        )
        if correct:
            data[f"{prefix}-{number}-is_correct"] = "on"
    return data


def add_question(client, quiz, kind, options, **fields):
    data = {
        "quiz": quiz.pk,
        "position": "1",
        "kind": kind,
        "text": "Сұрақ",
        "points": "1",
        "feedback": "",
        "numeric_answer": fields.get("numeric_answer", ""),
        "tolerance": "0",
        "typo_tolerance": "0",
        **option_rows(options),
    }
    return client.post(f"{reverse('admin:quizzes_question_add')}?quiz={quiz.pk}&kind={kind}", data)


def test_demo_quiz_has_every_type_and_each_is_gradable(quiz):
    questions = list(quiz.questions.prefetch_related("options"))
    assert {question.kind for question in questions} == {question_type.code for question_type in question_types()}
    assert len(questions) == len(QUESTIONS)
    for question in questions:
        assert question_problems(attempts.spec_for(question, question.options.all())) == []


def test_demo_quiz_is_safe_to_create_twice(course):
    first = create_demo_quiz(course)
    second = create_demo_quiz(course)
    assert first.pk == second.pk and second.questions.count() == len(QUESTIONS)


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("single", [("а", True, "", 1), ("ә", True, "", 2)], "exactly one correct"),
        ("single", [("а", True, "", 1)], "at least two options"),
        ("multiple", [("а", False, "", 1), ("ә", False, "", 2)], "at least one correct"),
        ("matching", [("АҚШ", False, "англосаксондық", 1)], "two pairs"),
        ("ordering", [("а", False, "", 1), ("ә", False, "", 1)], "different position"),
        ("short", [], "accepted answer"),
        ("numeric", [], "correct number"),
    ],
)
def test_a_question_that_cannot_be_graded_is_refused(teacher_client, quiz, kind, options, message):
    count = Question.objects.count()
    response = add_question(teacher_client, quiz, kind, options)
    assert response.status_code == 200
    errors = " ".join(
        [str(error) for error in response.context["adminform"].form.non_field_errors()]
        + [
            str(error)
            for formset in response.context["inline_admin_formsets"]
            for error in formset.formset.non_form_errors()
        ]
    )
    assert message in errors
    assert Question.objects.count() == count


def test_a_good_question_is_saved_and_short_answers_are_all_accepted(teacher_client, quiz):
    response = add_question(teacher_client, quiz, "short", [("мәслихат", False, "", 1), ("маслихат", False, "", 2)])
    assert response.status_code == 302
    question = Question.objects.latest("pk")
    assert all(question.options.values_list("is_correct", flat=True))


def test_teachers_see_only_their_quizzes(teacher_client, quiz):
    other = make_course(teachers=[make_user("teacher")])
    foreign = Quiz.objects.create(course=other, title="Бөтен тест")
    page = teacher_client.get(reverse("admin:quizzes_quiz_changelist")).content.decode()
    assert quiz.title in page and "Бөтен тест" not in page
    assert teacher_client.get(reverse("admin:quizzes_quiz_change", args=[foreign.pk])).status_code == 302
    question = Question.objects.create(quiz=foreign, text="x")
    assert teacher_client.get(reverse("admin:quizzes_question_change", args=[question.pk])).status_code == 302
    add_page = teacher_client.get(reverse("admin:quizzes_question_add")).content.decode()
    assert "Бөтен тест" not in add_page


def test_regrade_after_fixing_a_question_shows_what_changed(teacher_client, quiz, student, teacher):
    attempt = attempts.start_attempt(quiz, student)
    attempts.save_answers(attempt, correct_answers(attempt))
    attempts.finish(attempt)
    mark_essays_fully(attempt, teacher)  # and the regrade keeps the teacher's marks
    single = quiz.questions.get(kind="single")
    right = single.options.get(is_correct=True)
    wrong = single.options.exclude(pk=right.pk).first()
    Option.objects.filter(pk=right.pk).update(is_correct=False)
    Option.objects.filter(pk=wrong.pk).update(is_correct=True)
    response = teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"), {"action": "regrade", "_selected_action": [quiz.pk], "index": "0"}
    )
    assert response.status_code == 200
    changes = response.context["changes"]
    full = 2 * len(question_types())
    assert len(changes) == 1 and changes[0].old == full and changes[0].new == full - 2
    assert Attempt.objects.get(pk=attempt.pk).score == full - 2


def test_questions_from_the_glossary(teacher_client, course, seed_lecture):
    from courses.importing import parse_lecture, save_lecture

    save_lecture(parse_lecture("l.txt", seed_lecture), course=course, title="Дәріс")
    quiz = Quiz.objects.create(course=course, title="Глоссарий тесті")
    teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"),
        {"action": "add_questions_from_glossary", "_selected_action": [quiz.pk], "index": "0"},
    )
    questions = list(quiz.questions.prefetch_related("options"))
    assert len(questions) == 11
    for question in questions:
        assert question_problems(attempts.spec_for(question, question.options.all())) == []
    single = questions[0]
    assert single.kind == "single" and single.options.count() == 4
    assert questions[-1].kind == "matching" and questions[-1].options.count() == 5


def test_the_posted_kind_cannot_change_the_pages_type(teacher_client, quiz):
    """A crafted post naming another type saves the page's type, checked by that type's rules."""
    url = f"{reverse('admin:quizzes_question_add')}?quiz={quiz.pk}&kind=single"
    data = {"quiz": quiz.pk, "kind": "essay", "text": "Сұрақ", "points": "1", "feedback": "", **option_rows([])}
    response = teacher_client.post(url, data)
    assert response.status_code == 200, "a single choice without options is refused"
    assert not quiz.questions.filter(text="Сұрақ").exists()


def test_a_new_true_false_question_starts_with_its_two_options(teacher_client, quiz):
    from bs4 import BeautifulSoup

    page = teacher_client.get(f"{reverse('admin:quizzes_question_add')}?quiz={quiz.pk}&kind=true_false")
    form = BeautifulSoup(page.content, "html.parser")
    assert [form.select_one(f"#id_options-{number}-text").get("value") for number in (0, 1)] == ["True", "False"]


def test_new_questions_go_last_in_their_quiz(teacher_client, quiz):
    last = quiz.questions.order_by("-position").first().position
    add_question(teacher_client, quiz, "numeric", [], numeric_answer="5")
    assert quiz.questions.latest("pk").position == last + 1


def test_a_true_false_question_saved_with_its_options_as_made(teacher_client, quiz):
    from tests.helpers import form_fields

    url = f"{reverse('admin:quizzes_question_add')}?quiz={quiz.pk}&kind=true_false"
    fields = form_fields(teacher_client.get(url), "#question_form")
    fields["text"] = ["Әкімді Президент тағайындайды."]
    assert teacher_client.post(url, fields).status_code == 302
    question = quiz.questions.latest("pk")
    assert list(question.options.values_list("text", "is_correct")) == [("True", True), ("False", False)]
