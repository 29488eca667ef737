"""Item statistics for a quiz, as Moodle's statistics report computes them, and the results page's report.

- Facility index: the mean fraction of the item's points that students earned.
- Discrimination index: the correlation between the item's score and the
  score on the rest of the test; a good question is answered better by those
  who do better on the others.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from quizzes.models import Attempt, Question, Response
from quizzes.question_types import get_question_type


@dataclass(frozen=True)
class ItemStatistics:
    question_id: int
    attempts: int
    facility: float | None  # 0..1
    discrimination: float | None  # -1..1; None when it cannot be computed


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None for fewer than two pairs or no variation."""
    count = len(xs)
    if count < 2:
        return None
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


def item_statistics(max_points: dict[int, Decimal], attempts: Sequence[dict[int, Decimal]]) -> list[ItemStatistics]:
    """Statistics per question; each attempt maps the questions it contained to the points earned."""
    result = []
    for question_id, maximum in max_points.items():
        scored = [attempt for attempt in attempts if question_id in attempt]
        item = [float(attempt[question_id]) for attempt in scored]
        rest = [float(sum(attempt.values()) - attempt[question_id]) for attempt in scored]
        facility = sum(item) / (len(item) * float(maximum)) if item and maximum else None
        result.append(ItemStatistics(question_id, len(scored), facility, correlation(item, rest)))
    return result


def distribution(percents: Sequence[Decimal], bins: int = 10) -> list[int]:
    """How many attempts fall in each band of ``100 / bins`` percent; 100 % goes in the last band."""
    counts = [0] * bins
    for percent in percents:
        index = min(bins - 1, max(0, int(float(percent) * bins // 100)))
        counts[index] += 1
    return counts


@dataclass(frozen=True)
class QuestionReport:
    question: Question
    item: ItemStatistics | None
    choices: list  # (option, times chosen) for types that count choices


@dataclass(frozen=True)
class QuizReport:
    finished_count: int
    bands: list[int]  # attempts per ten-percent band
    questions: list[QuestionReport]


def quiz_report(quiz) -> QuizReport:
    """The results page's figures from the finished, counted attempts (five queries whatever their number)."""
    # Attempts awaiting the teacher's marks are left out until their scores are final.
    finished = Attempt.objects.filter(
        quiz=quiz, is_preview=False, voided_at__isnull=True, awaiting_grading=False
    ).exclude(state=Attempt.State.IN_PROGRESS)
    scores = list(finished.values_list("pk", "score", "max_score"))
    percents = [score * 100 / maximum for _pk, score, maximum in scores if maximum and score is not None]
    questions = list(Question.objects.filter(quiz=quiz).prefetch_related("options"))
    types = {question.pk: get_question_type(question.kind) for question in questions}
    by_attempt: dict[int, dict[int, Decimal]] = {attempt_id: {} for attempt_id, *_rest in scores}
    picks: dict[int, int] = {}
    for attempt_id, question_id, points, answer in Response.objects.filter(attempt__in=finished).values_list(
        "attempt_id", "question_id", "points", "answer"
    ):
        by_attempt.setdefault(attempt_id, {})[question_id] = points or Decimal(0)
        if question_id in types:
            for option_id in types[question_id].chosen_options(answer):
                picks[option_id] = picks.get(option_id, 0) + 1
    for attempt_id, layout in finished.values_list("pk", "layout"):
        for question_id in layout.get("questions", []):
            by_attempt[attempt_id].setdefault(question_id, Decimal(0))  # unanswered counts as 0
    items = {
        item.question_id: item
        for item in item_statistics({question.pk: question.points for question in questions}, list(by_attempt.values()))
    }
    return QuizReport(
        finished_count=len(scores),
        bands=distribution(percents),
        questions=[
            QuestionReport(
                question,
                items.get(question.pk),
                [(option, picks.get(option.pk, 0)) for option in question.options.all()]
                if types[question.pk].counts_choices
                else [],
            )
            for question in questions
        ],
    )
