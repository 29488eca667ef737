"""Number: the correct value with a tolerance, typed the ways students type numbers."""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import QuestionSpec, QuestionView, TypedAnswerType

MAX_NUMBER_DIGITS = 30


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


def within(given: str, answer: Decimal | None, tolerance: Decimal) -> bool:
    """Whether the typed number is the answer ± tolerance (shared with the cloze type's number gaps)."""
    number = parse_number(given)
    return number is not None and answer is not None and abs(number - answer) <= abs(tolerance)


class Numeric(TypedAnswerType):
    code = "numeric"
    menu_order = 50
    label = gettext_lazy("Number")
    description = gettext_lazy("Students type a number; any value within the tolerance is right.")
    question_fields = ("numeric_answer", "tolerance")

    def problems(self, question: QuestionSpec) -> list[str]:
        if question.numeric_answer is None:
            return [_("This question needs the correct number.")]
        return []

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        right = within(answer.get("text") or "", question.numeric_answer, question.tolerance)
        return Decimal(1) if right else Decimal(0)

    def full_marks_form(self, view: QuestionView) -> dict:
        return {view.name: f"{view.question.numeric_answer:f}".rstrip("0").rstrip(".")}
