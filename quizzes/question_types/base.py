"""The contract every question type implements (the shape of Django's password hashers).

A type is one module in this package with one ``QuestionType`` subclass, plus
two templates: ``quizzes/question_types/<code>.html`` (the inputs on the
attempt page) and ``<code>_review.html`` (the answer in the review). The
registry (``quizzes/question_types/__init__.py``) finds it; everything else —
the models' choices, the editor, attempts, grading, the page script,
statistics — asks the registry.

Students never see option ids: the page addresses every choice, matching
answer and ordering item by its index in the attempt's layout, so nothing in
the page source tells which option was made first (often the correct one).
Stored answers hold option ids; ``clean`` turns one into the other.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext as _

HUNDREDTH = Decimal("0.01")
ZERO = Decimal("0")
MAX_TEXT_ANSWER = 1000


class InvalidAnswer(Exception):
    """The answer cannot be stored; the message is for the student."""


@dataclass(frozen=True)
class OptionSpec:
    id: int
    text: str = ""
    is_correct: bool = False
    match: str = ""
    position: int = 0

    @classmethod
    def of(cls, option) -> OptionSpec:
        """From an ``Option``."""
        return cls(option.pk, option.text, option.is_correct, option.match, option.position)


@dataclass(frozen=True)
class QuestionSpec:
    """What grading and checking need of a question, without the ORM."""

    kind: str
    points: Decimal
    options: tuple[OptionSpec, ...] = ()
    numeric_answer: Decimal | None = None
    tolerance: Decimal = ZERO
    typo_tolerance: int = 0
    text: str = ""

    @classmethod
    def of(cls, question, options: Iterable[OptionSpec] = ()) -> QuestionSpec:
        """From a ``Question`` (saved, or a form's unsaved one with empty fields) and its options."""
        return cls(
            kind=question.kind,
            points=question.points or ZERO,
            options=tuple(options),
            numeric_answer=question.numeric_answer,
            tolerance=question.tolerance or ZERO,
            typo_tolerance=question.typo_tolerance or 0,
            text=question.text or "",
        )


@dataclass(frozen=True)
class QuestionView:
    """A question as one attempt shows it: options (and matching answers) in layout order."""

    question: Any  # quizzes.models.Question
    options: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # matching: the right-hand column
    extra: Mapping = field(default_factory=dict)  # a type's own layout (e.g. the order of a gap's choices)

    @property
    def key(self) -> str:
        return str(self.question.pk)

    @property
    def name(self) -> str:
        """The form field name (and prefix) of this question's inputs."""
        return f"q{self.key}"

    @property
    def type(self) -> QuestionType:
        from quizzes.question_types import get_question_type

        return get_question_type(self.question.kind)


def points_for(points: Decimal, fraction: Decimal) -> Decimal:
    fraction = min(max(fraction, ZERO), Decimal(1))
    return (points * fraction).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def index_of(raw, items: Sequence):
    """``items[int(raw)]``, or InvalidAnswer for anything that is not one of their indexes."""
    try:
        index = int(raw)
    except (TypeError, ValueError, OverflowError):
        raise InvalidAnswer(_("That is not one of the answer options.")) from None
    if not 0 <= index < len(items):
        raise InvalidAnswer(_("That is not one of the answer options."))
    return items[index]


def text_answer(raw) -> str:
    if not isinstance(raw, str | int | float):
        raise InvalidAnswer(_("The answer must be text."))
    text = str(raw)
    if len(text) > MAX_TEXT_ANSWER:
        raise InvalidAnswer(_("The answer is too long (at most %(max)d characters).") % {"max": MAX_TEXT_ANSWER})
    return text.strip()


class QuestionType:
    """One kind of question. Subclasses set the class attributes and implement the methods."""

    code: ClassVar[str]
    label: ClassVar[Any]  # a lazy translated string
    menu_order: ClassVar[int] = 100  # where the type stands in the teacher's list
    description: ClassVar[Any] = ""  # one line for the teacher choosing a type
    # Extra fields of the Question model the editor shows for this type.
    question_fields: ClassVar[tuple[str, ...]] = ()
    # Fields of each answer option in the editor; () when the type has no options.
    option_fields: ClassVar[tuple[str, ...]] = ()
    # Empty option rows a new question offers (so a teacher need not click "add another").
    blank_options: ClassVar[int] = 0
    # Help shown above the options in the editor, and under the question's text.
    options_help: ClassVar[Any] = ""
    text_help: ClassVar[Any] = ""
    # A new question's first answer row starts ticked as correct (teachers write the right answer first).
    first_option_correct: ClassVar[bool] = False
    # Whether the results page counts how often each option was chosen.
    counts_choices: ClassVar[bool] = False
    # Whether an attempt shows options added after it began (choices and ordering list every option).
    shows_every_option: ClassVar[bool] = False
    # Whether the type's own template shows the question's text (the cloze text carries its answers).
    text_in_inputs: ClassVar[bool] = False
    # Whether the teacher grades an answer by hand (an essay): ``fraction`` is never asked, an answer
    # waits for the teacher's mark (``quizzes/marking.py``) and the attempt's score is pending until then.
    graded_by_teacher: ClassVar[bool] = False

    @property
    def attempt_template(self) -> str:
        return f"quizzes/question_types/{self.code}.html"

    @property
    def review_template(self) -> str:
        return f"quizzes/question_types/{self.code}_review.html"

    # The editor -----------------------------------------------------------------------------------------

    def default_options(self) -> list[dict]:
        """Options a new question of this type starts with (field → value)."""
        return []

    def prepare_option(self, values: dict) -> dict:
        """An option's values as saved (e.g. every listed short answer is an accepted one)."""
        return values

    def problems(self, question: QuestionSpec) -> list[str]:
        """Why the question cannot be graded as it stands, for the teacher; empty when it can."""
        raise NotImplementedError

    # An attempt -------------------------------------------------------------------------------------------

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        """This attempt's order of the question's parts: ``options``, ``matches`` (ids) and ``extra``."""
        return {}

    def read_form(self, data, view: QuestionView):
        """The raw answer in the submitted form fields (layout indexes), or None if nothing was given."""
        raise NotImplementedError

    def clean(self, view: QuestionView, raw) -> dict:
        """The answer to store for ``raw`` (the page's indexes → option ids), or InvalidAnswer."""
        raise NotImplementedError

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        """A stored answer as the inputs need it to show it again (layout indexes, never ids)."""
        raise NotImplementedError

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        """The share of the points an answer earns, 0 to 1 (never asked of a type ``graded_by_teacher``)."""
        raise NotImplementedError

    def full_marks_form(self, view: QuestionView) -> dict[str, str | list[str]]:
        """Form fields that answer the question fully right (previews of the answer, and the contract tests);
        for a type ``graded_by_teacher``, an answer the teacher can then mark."""
        raise NotImplementedError

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        """A stored answer moved to a newer version of its question (``options``: old option id → new id;
        ``old`` and ``new`` the two versions). Answers that name no options (text, numbers) carry over as they are.
        """
        return dict(answer)

    # Statistics -----------------------------------------------------------------------------------------

    def chosen_options(self, answer: Mapping) -> list[int]:
        """Option ids the answer picked, for "how often was each option chosen"."""
        return []


class TypedAnswerType(QuestionType):
    """A type answered in one text box (a word, a number): the answer is the typed text."""

    def read_form(self, data, view: QuestionView):
        return data.get(view.name, "").strip() or None

    def clean(self, view: QuestionView, raw) -> dict:
        text = text_answer(raw)
        return {"text": text} if text else {}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        return {"text": answer.get("text", "")}
