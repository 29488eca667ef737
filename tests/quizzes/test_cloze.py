"""The fill-in-the-gaps type: Moodle's embedded-answer syntax, partial credit per gap, and its checks."""

from decimal import Decimal

import pytest

from quizzes.grading import grade, question_problems
from quizzes.question_types.base import QuestionSpec
from quizzes.question_types.cloze import Gap, gaps_of, parse

TEXT = "Астана {1:SHORTANSWER:=Астана~=Astana}, саны {1:NUMERICAL:=17:0.5}, {2:MC:=Президент~Парламент~халық}."


def spec(text=TEXT, points="4"):
    return QuestionSpec("cloze", Decimal(points), text=text)


def test_gaps_are_read_with_their_kind_weight_and_answers():
    parts = parse(TEXT)
    assert parts[0] == "Астана " and parts[-1] == "."
    assert gaps_of(TEXT) == [
        Gap("text", 1, (("Астана", True), ("Astana", True))),
        Gap("number", 1, (("17:0.5", True),)),
        Gap("choice", 2, (("Президент", True), ("Парламент", False), ("халық", False))),
    ]


def test_escapes_feedback_and_moodle_percent_marks():
    [gap] = gaps_of(r"{:SA:%100%a\~b#дұрыс~%50%c}")
    assert gap == Gap("text", 1, (("a~b", True), ("c", False)))


@pytest.mark.parametrize(
    ("gaps", "points"),
    [
        ({"0": "астана", "1": "17,3", "2": 0}, "4.00"),  # case folded, number within tolerance, right choice
        ({"0": "Astana", "1": "18", "2": 0}, "3.00"),
        ({"0": "Алматы", "1": "17", "2": 1}, "1.00"),
        ({"2": 0}, "2.00"),  # the choice gap weighs 2 of 4
        ({}, "0"),
    ],
)
def test_each_gap_earns_its_weighted_share(gaps, points):
    assert grade(spec(), {"gaps": gaps}) == Decimal(points)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Мәтін, бос орынсыз.", "at least one gap"),
        ("{1:SA:Астана}", "no right answer"),
        ("{1:MC:=жалғыз}", "at least two choices"),
        ("{1:NM:=он жеті}", "not a number"),
    ],
)
def test_a_gap_that_cannot_be_graded_is_refused_with_the_reason(english, text, problem):
    assert any(problem in message for message in question_problems(spec(text)))
    assert question_problems(spec()) == []


def test_a_long_unclosed_gap_is_read_at_once():
    import time

    started = time.monotonic()
    assert gaps_of("{1:SA:" + "\\a" * 5000) == [] and gaps_of("{1:SA:=a " * 8000) == []
    assert time.monotonic() - started < 1


def test_gaps_worth_nothing_are_refused(english):
    assert any("weight above 0" in problem for problem in question_problems(spec("{0:SA:=a}")))
