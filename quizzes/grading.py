"""Grading rules: pure functions, no ORM, one per question type.

Every grader takes a ``QuestionSpec`` and a student's answer in the stored
JSON shape and returns the points earned (a ``Decimal`` between 0 and the
question's points, rounded to hundredths). Answers are trusted only after
``quizzes.attempts.clean_answer`` has checked them against the question.

Answer shapes:
- single, true/false: ``{"choice": option_id}``
- multiple: ``{"choices": [option_id, ...]}``
- short, numeric: ``{"text": "..."}``
- matching: ``{"pairs": {"prompt_option_id": chosen_option_id}}`` — the chosen
  option's ``match`` text is compared with the prompt's own ``match``
- ordering: ``{"order": [option_id, ...]}`` — first to last
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from courses.text import normalize

HUNDREDTH = Decimal("0.01")
ZERO = Decimal("0")
SHORTEST_TYPO_TOLERANT_ANSWER = 5
MAX_NUMBER_DIGITS = 30


@dataclass(frozen=True)
class OptionSpec:
    id: int
    text: str = ""
    is_correct: bool = False
    match: str = ""
    position: int = 0


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    points: Decimal
    options: tuple[OptionSpec, ...] = ()
    numeric_answer: Decimal | None = None
    tolerance: Decimal = ZERO
    typo_tolerance: int = 0


def _points(question: QuestionSpec, fraction: Decimal) -> Decimal:
    fraction = min(max(fraction, ZERO), Decimal(1))
    return (question.points * fraction).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def grade_single(question: QuestionSpec, answer: dict) -> Decimal:
    correct = {option.id for option in question.options if option.is_correct}
    return _points(question, Decimal(1) if answer.get("choice") in correct else ZERO)


def grade_multiple(question: QuestionSpec, answer: dict) -> Decimal:
    """Each correct choice ticked earns 1/k, each wrong one ticked costs 1/m; never below 0."""
    chosen = set(answer.get("choices") or [])
    correct = {option.id for option in question.options if option.is_correct}
    wrong = {option.id for option in question.options if not option.is_correct}
    if not correct:
        return ZERO
    fraction = Decimal(len(chosen & correct)) / len(correct)
    if wrong:
        fraction -= Decimal(len(chosen & wrong)) / len(wrong)
    return _points(question, fraction)


def edit_distance(first: str, second: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts once), stopping past ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, first_char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, second_char in enumerate(second, start=1):
            cost = 0 if first_char == second_char else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and first_char == second[j - 2] and first[i - 2] == second_char:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _short_text(value: str) -> str:
    return normalize(value).strip(" .,;:!?\"'")


def grade_short(question: QuestionSpec, answer: dict) -> Decimal:
    """Right if it equals an accepted answer after Kazakh-aware normalisation, within the typo allowance."""
    given = _short_text(answer.get("text") or "")
    if not given:
        return ZERO
    for option in question.options:
        accepted = _short_text(option.text)
        if not option.is_correct or not accepted:
            continue
        if given == accepted:
            return _points(question, Decimal(1))
        allowance = question.typo_tolerance if len(accepted) >= SHORTEST_TYPO_TOLERANT_ANSWER else 0
        if allowance and edit_distance(given, accepted, allowance) <= allowance:
            return _points(question, Decimal(1))
    return ZERO


def parse_number(text: str) -> Decimal | None:
    """A number as students type it: "3,5", "3.5", "1 000", "−2", "1e3"."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text or "").replace("\u2212", "-").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() > MAX_NUMBER_DIGITS or number.adjusted() < -MAX_NUMBER_DIGITS:
        return None  # "9e9999999" is not an answer anyone means, and would overflow arithmetic
    return number


def grade_numeric(question: QuestionSpec, answer: dict) -> Decimal:
    given = parse_number(answer.get("text") or "")
    if given is None or question.numeric_answer is None:
        return ZERO
    right = abs(given - question.numeric_answer) <= abs(question.tolerance)
    return _points(question, Decimal(1) if right else ZERO)


def matching_prompts(question: QuestionSpec) -> list[OptionSpec]:
    """Options with a text are prompts; an option with only a ``match`` is an extra (distractor) answer."""
    return [option for option in question.options if option.text and option.match]


def grade_matching(question: QuestionSpec, answer: dict) -> Decimal:
    """Each prompt paired with the right answer earns an equal share."""
    prompts = matching_prompts(question)
    if not prompts:
        return ZERO
    by_id = {option.id: option for option in question.options}
    pairs = answer.get("pairs") or {}
    right = 0
    for prompt in prompts:
        chosen = by_id.get(pairs.get(str(prompt.id)))
        if chosen is not None and normalize(chosen.match) == normalize(prompt.match):
            right += 1
    return _points(question, Decimal(right) / len(prompts))


def grade_ordering(question: QuestionSpec, answer: dict) -> Decimal:
    """Each item in its correct place earns an equal share."""
    correct = [option.id for option in sorted(question.options, key=lambda option: (option.position, option.id))]
    if not correct:
        return ZERO
    given = list(answer.get("order") or [])
    right = sum(1 for place, option_id in enumerate(correct) if place < len(given) and given[place] == option_id)
    return _points(question, Decimal(right) / len(correct))


GRADERS = {
    "single": grade_single,
    "true_false": grade_single,
    "multiple": grade_multiple,
    "short": grade_short,
    "numeric": grade_numeric,
    "matching": grade_matching,
    "ordering": grade_ordering,
}


def grade(question: QuestionSpec, answer: dict | None) -> Decimal:
    """Points for one answer; no answer earns nothing."""
    if not answer:
        return ZERO
    return GRADERS[question.kind](question, answer)


# A student's quiz grade from their attempts -----------------------------------------------------------


@dataclass(frozen=True)
class AttemptResult:
    number: int
    score: Decimal
    max_score: Decimal

    @property
    def percent(self) -> Decimal:
        if not self.max_score:
            return ZERO
        return (self.score * 100 / self.max_score).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def quiz_grade(results: Iterable[AttemptResult], method: str) -> Decimal | None:
    """The student's grade in percent by the quiz's grading method; None when nothing was finished."""
    finished: Sequence[AttemptResult] = sorted(results, key=lambda result: result.number)
    if not finished:
        return None
    if method == "highest":
        return max(result.percent for result in finished)
    if method == "first":
        return finished[0].percent
    if method == "last":
        return finished[-1].percent
    if method == "average":
        total = sum((result.percent for result in finished), ZERO)
        return (total / len(finished)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown grading method {method!r}")


# What a question needs to be gradable -----------------------------------------------------------------


def question_problems(question: QuestionSpec) -> list[str]:
    """Why the question cannot be graded as it stands, for the teacher; empty when it can."""
    options = [option for option in question.options if option.text or option.match]
    correct = [option for option in options if option.is_correct]
    kind = question.kind
    if kind in ("single", "true_false"):
        if len(options) < 2:
            return [_("This question needs at least two options.")]
        if kind == "true_false" and len(options) != 2:
            return [_("A true/false question has exactly two options.")]
        if len(correct) != 1:
            return [_("This question needs exactly one correct option.")]
    elif kind == "multiple":
        if len(options) < 2:
            return [_("This question needs at least two options.")]
        if not correct:
            return [_("This question needs at least one correct option.")]
    elif kind == "short":
        if not any(option.text.strip() for option in correct):
            return [_("This question needs at least one accepted answer.")]
    elif kind == "numeric":
        if question.numeric_answer is None:
            return [_("This question needs the correct number.")]
    elif kind == "matching":
        if len(matching_prompts(question)) < 2:
            return [_("This question needs at least two pairs.")]
    elif kind == "ordering":
        if len(options) < 2:
            return [_("This question needs at least two items.")]
        if len({option.position for option in options}) != len(options):
            return [_("Each item needs a different position.")]
    return []
