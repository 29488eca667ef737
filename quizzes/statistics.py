"""Item statistics for a quiz, as Moodle's statistics report computes them (pure functions).

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
