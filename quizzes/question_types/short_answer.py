"""Short text answer: several accepted answers, compared the Kazakh-aware way, with optional forgiven typos."""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.text import normalize
from quizzes.question_types.base import QuestionSpec, QuestionView, TypedAnswerType

SHORTEST_TYPO_TOLERANT_ANSWER = 5


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


def comparable(value: str) -> str:
    """Case, ё/е, dashes and look-alike letters folded; surrounding punctuation ignored."""
    return normalize(value).strip(" .,;:!?\"'")


def accepts(accepted: str, given: str, typo_tolerance: int) -> bool:
    """Whether ``given`` counts as ``accepted`` (shared with the cloze type's text gaps)."""
    accepted, given = comparable(accepted), comparable(given)
    if not accepted or not given:
        return False
    if given == accepted:
        return True
    allowance = typo_tolerance if len(accepted) >= SHORTEST_TYPO_TOLERANT_ANSWER else 0
    return bool(allowance) and edit_distance(given, accepted, allowance) <= allowance


class ShortAnswer(TypedAnswerType):
    code = "short"
    menu_order = 40
    label = gettext_lazy("Short text answer")
    description = gettext_lazy("Students type a word or phrase; every answer you list is accepted.")
    question_fields = ("typo_tolerance",)
    option_fields = ("text",)
    blank_options = 3
    options_help = gettext_lazy(
        "List every answer you accept. Letter case, ё/е and dashes do not matter. Empty rows are ignored."
    )

    def prepare_option(self, values: dict) -> dict:
        return {**values, "is_correct": True}  # every listed answer is an accepted one

    def problems(self, question: QuestionSpec) -> list[str]:
        if not any(option.text.strip() for option in question.options):
            return [_("This question needs at least one accepted answer.")]
        return []

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        given = answer.get("text") or ""
        right = any(accepts(option.text, given, question.typo_tolerance) for option in question.options)
        return Decimal(1) if right else Decimal(0)

    def full_marks_form(self, view: QuestionView) -> dict:
        return {view.name: next(option.text for option in view.question.options.all() if option.text.strip())}
