"""Grading rules of every question type, on their edges."""

from decimal import Decimal

import pytest

from quizzes.grading import AttemptResult, grade, question_problems, quiz_grade
from quizzes.question_types.base import OptionSpec, QuestionSpec
from quizzes.question_types.numeric import parse_number
from quizzes.question_types.short_answer import edit_distance

D = Decimal


def single(points="1"):
    return QuestionSpec("single", D(points), (OptionSpec(1, "а", True), OptionSpec(2, "ә"), OptionSpec(3, "б")))


def multiple(points="3"):
    # k = 3 correct, m = 2 wrong
    options = (
        OptionSpec(1, "a", True),
        OptionSpec(2, "b", True),
        OptionSpec(3, "c", True),
        OptionSpec(4, "d"),
        OptionSpec(5, "e"),
    )
    return QuestionSpec("multiple", D(points), options)


class TestChoice:
    def test_single(self):
        assert grade(single(), {"choice": 1}) == D("1.00")
        assert grade(single(), {"choice": 2}) == D("0")
        assert grade(single(), {}) == D("0")
        assert grade(single(), None) == D("0")
        assert grade(single(), {"choice": 99}) == D("0")

    @pytest.mark.parametrize(
        ("chosen", "points"),
        [
            ([1, 2, 3], "3.00"),
            ([1], "1.00"),
            ([1, 2], "2.00"),
            ([1, 4], "0.00"),  # 1/3 - 1/2 < 0: floor at zero
            ([1, 2, 4], "0.50"),  # 2/3 - 1/2 = 1/6 of 3 points
            ([1, 2, 3, 4, 5], "0.00"),  # everything ticked
            ([4, 5], "0.00"),
            ([], "0.00"),
            ([1, 1, 1], "1.00"),  # duplicates count once
        ],
    )
    def test_multiple_partial_credit(self, chosen, points):
        assert grade(multiple(), {"choices": chosen}) == D(points)

    def test_multiple_with_no_wrong_options(self):
        question = QuestionSpec("multiple", D("2"), (OptionSpec(1, "a", True), OptionSpec(2, "b", True)))
        assert grade(question, {"choices": [1]}) == D("1.00")

    def test_true_false(self):
        question = QuestionSpec("true_false", D("1"), (OptionSpec(1, "Ақиқат", True), OptionSpec(2, "Жалған")))
        assert grade(question, {"choice": 1}) == D("1.00")
        assert grade(question, {"choice": 2}) == D("0")


class TestShortAnswer:
    question = QuestionSpec(
        "short", D("2"), (OptionSpec(1, "Мәслихат", True), OptionSpec(2, "маслихат", True)), typo_tolerance=1
    )

    @pytest.mark.parametrize(
        "given", ["мәслихат", "МӘСЛИХАТ", "  Мәслихат. ", "маслихат", "мəслихат", "мәслихт", "мәслиахт", "мәсліхат"]
    )
    def test_accepted_forms_and_one_typo(self, given):
        assert grade(self.question, {"text": given}) == D("2.00")

    @pytest.mark.parametrize("given", ["", "   ", "әкім", "мслхт", "мәслихаттар"])
    def test_wrong(self, given):
        assert grade(self.question, {"text": given}) == D("0")

    def test_no_typo_allowance_for_short_answers_or_when_off(self):
        strict = QuestionSpec("short", D("1"), (OptionSpec(1, "әкім", True),), typo_tolerance=2)
        assert grade(strict, {"text": "әкім"}) == D("1.00")
        assert grade(strict, {"text": "әкiм"}) == D("1.00")  # Latin i folds to і
        assert grade(strict, {"text": "әкін"}) == D("0")  # 4 letters: too short to forgive
        off = QuestionSpec("short", D("1"), (OptionSpec(1, "мәслихат", True),))
        assert grade(off, {"text": "мәслихт"}) == D("0")

    def test_edit_distance(self):
        assert edit_distance("мәслихат", "мәслиахт", 2) == 1  # a swap counts once
        assert edit_distance("абв", "абвгде", 1) == 2


class TestNumeric:
    question = QuestionSpec("numeric", D("1"), numeric_answer=D("89"), tolerance=D("0"))

    @pytest.mark.parametrize("given", ["89", " 89 ", "89,0", "89.00", "8.9e1"])
    def test_right(self, given):
        assert grade(self.question, {"text": given}) == D("1.00")

    @pytest.mark.parametrize("given", ["88", "", "сексен тоғыз", "89..0", "inf", "NaN"])
    def test_wrong(self, given):
        assert grade(self.question, {"text": given}) == D("0")

    def test_tolerance(self):
        question = QuestionSpec("numeric", D("1"), numeric_answer=D("3.14"), tolerance=D("0.01"))
        assert grade(question, {"text": "3,15"}) == D("1.00")
        assert grade(question, {"text": "3,16"}) == D("0")

    def test_parse_number(self):
        assert parse_number("1 000,5") == D("1000.5")
        assert parse_number("\u22122") == D("-2")
        assert parse_number("abc") is None


class TestMatching:
    question = QuestionSpec(
        "matching",
        D("3"),
        (
            OptionSpec(1, "Ұлыбритания", match="англосаксондық үлгі"),
            OptionSpec(2, "Канада", match="англосаксондық үлгі"),
            OptionSpec(3, "Куба", match="кеңестік үлгі"),
            OptionSpec(4, "", match="жапондық үлгі"),  # an extra answer nobody matches
        ),
    )

    def test_partial_credit_per_pair_and_shared_answers(self):
        assert grade(self.question, {"pairs": {"1": 1, "2": 1, "3": 3}}) == D("3.00")
        assert grade(self.question, {"pairs": {"1": 2, "2": 1, "3": 4}}) == D("2.00")  # same text, other option
        assert grade(self.question, {"pairs": {"1": 3}}) == D("0")
        assert grade(self.question, {"pairs": {"1": 1}}) == D("1.00")
        assert grade(self.question, {"pairs": {"1": 999}}) == D("0")


class TestOrdering:
    question = QuestionSpec("ordering", D("5"), tuple(OptionSpec(n, f"{n}", position=n) for n in range(1, 6)))

    @pytest.mark.parametrize(
        ("order", "points"),
        [([1, 2, 3, 4, 5], "5.00"), ([2, 1, 3, 4, 5], "3.00"), ([5, 4, 3, 2, 1], "1.00"), ([], "0"), ([1, 2], "2.00")],
    )
    def test_credit_per_item_in_place(self, order, points):
        assert grade(self.question, {"order": order}) == D(points)


def test_points_are_rounded_to_hundredths():
    question = QuestionSpec(
        "multiple", D("1"), (OptionSpec(1, "a", True), OptionSpec(2, "b", True), OptionSpec(3, "c", True))
    )
    assert grade(question, {"choices": [1]}) == D("0.33")


class TestQuizGrade:
    results = [AttemptResult(1, D("5"), D("10")), AttemptResult(2, D("8"), D("10")), AttemptResult(3, D("6"), D("10"))]

    @pytest.mark.parametrize(
        ("method", "percent"), [("highest", "80.00"), ("first", "50.00"), ("last", "60.00"), ("average", "63.33")]
    )
    def test_methods(self, method, percent):
        assert quiz_grade(self.results, method) == D(percent)

    def test_no_finished_attempt_is_no_grade_not_zero(self):
        assert quiz_grade([], "highest") is None

    def test_order_of_results_does_not_matter(self):
        assert quiz_grade(reversed(self.results), "first") == D("50.00")


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (QuestionSpec("single", D(1), (OptionSpec(1, "a", True), OptionSpec(2, "b", True))), "exactly one correct"),
        (QuestionSpec("single", D(1), (OptionSpec(1, "a", True),)), "at least two options"),
        (
            QuestionSpec("true_false", D(1), (OptionSpec(1, "a", True), OptionSpec(2, "b"), OptionSpec(3, "c"))),
            "exactly two",
        ),
        (QuestionSpec("multiple", D(1), (OptionSpec(1, "a"), OptionSpec(2, "b"))), "at least one correct"),
        (QuestionSpec("short", D(1), ()), "accepted answer"),
        (QuestionSpec("numeric", D(1)), "correct number"),
        (QuestionSpec("matching", D(1), (OptionSpec(1, "a", match="x"),)), "two pairs"),
        (
            QuestionSpec("ordering", D(1), (OptionSpec(1, "a", position=1), OptionSpec(2, "b", position=1))),
            "different position",
        ),
    ],
)
def test_question_problems(question, problem):
    from django.utils import translation

    with translation.override("en"):
        assert problem in " ".join(question_problems(question))


def test_a_good_question_has_no_problems():
    assert question_problems(single()) == []
