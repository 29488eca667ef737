"""Fill in the gaps: Moodle's "embedded answers" (Cloze) syntax, the subset teachers use.

The question text carries its gaps::

    Қазақстанның астанасы {1:SHORTANSWER:=Астана~=Astana}, облыстар саны {1:NUMERICAL:=17:0},
    әкімді {2:MULTICHOICE:=Президент~Парламент~халық} тағайындайды.

- ``SHORTANSWER`` (``SA``): typed text; every answer marked ``=`` (or ``%100%``) is accepted, compared
  the Kazakh-aware way of short answers.
- ``NUMERICAL`` (``NM``): a number, ``=answer:tolerance``.
- ``MULTICHOICE`` (``MC``): a drop-down of the listed choices (shuffled per attempt); ``=`` marks the right one.

The number before the first colon is the gap's weight (1 when left out); each
gap earns its share of the points. ``#feedback`` after an answer is allowed
and ignored.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionType, QuestionView, index_of, text_answer
from quizzes.question_types.numeric import parse_number, within
from quizzes.question_types.short_answer import accepts

# A backslash only ever starts an escape, and a gap cannot contain "{": no two ways to match the same
# text, so a long unclosed gap is read in linear time (no catastrophic backtracking).
GAP = re.compile(r"\{(\d{0,4}):(SHORTANSWER|SA|NUMERICAL|NM|MULTICHOICE|MC):((?:\\.|[^\\{}])*)\}")
KINDS = {
    "SA": "text",
    "SHORTANSWER": "text",
    "NM": "number",
    "NUMERICAL": "number",
    "MC": "choice",
    "MULTICHOICE": "choice",
}


@dataclass(frozen=True)
class Gap:
    kind: str  # "text", "number" or "choice"
    weight: int
    answers: tuple[tuple[str, bool], ...]  # (answer, is it right)

    @property
    def right(self) -> list[str]:
        return [answer for answer, is_right in self.answers if is_right]


def _answers(body: str) -> tuple[tuple[str, bool], ...]:
    answers = []
    for raw in re.split(r"(?<!\\)~", body):
        raw = re.split(r"(?<!\\)#", raw)[0]
        is_right = raw.startswith("=") or raw.startswith("%100%")
        text = re.sub(r"^(=|%-?\d+(\.\d+)?%)", "", raw).replace("\\~", "~").replace("\\}", "}").replace("\\#", "#")
        if text.strip():
            answers.append((text.strip(), is_right))
    return tuple(answers)


def parse(text: str) -> list[str | Gap]:
    """The text as plain pieces and gaps, in order."""
    parts: list[str | Gap] = []
    last = 0
    for found in GAP.finditer(text):
        parts.append(text[last : found.start()])
        weight, kind, body = found.groups()
        parts.append(Gap(KINDS[kind], int(weight or 1), _answers(body)))
        last = found.end()
    parts.append(text[last:])
    return [part for part in parts if part != ""]


def gaps_of(text: str) -> list[Gap]:
    return [part for part in parse(text) if isinstance(part, Gap)]


def _shown(gap: Gap) -> list[str]:
    """The right answers as the review prints them: a number with its tolerance as "17 ± 0.5"."""
    if gap.kind != "number":
        return gap.right
    shown = []
    for answer in gap.right:
        number, _colon, tolerance = answer.partition(":")
        shown.append(f"{number} ± {tolerance}" if parse_number(tolerance) else number)
    return shown


class Cloze(QuestionType):
    code = "cloze"
    menu_order = 80
    label = gettext_lazy("Fill in the gaps")
    description = gettext_lazy(
        "Text with gaps to type in or choose from a list (Moodle's embedded answers); partial credit per gap."
    )
    text_in_inputs = True
    text_help = gettext_lazy(
        "Write the text with its gaps: {1:SHORTANSWER:=answer~=another accepted answer}, "
        "{1:NUMERICAL:=17:0.5} (a number ± tolerance), {1:MULTICHOICE:=right~wrong~wrong} (a drop-down). "
        "The first number is the gap's weight."
    )

    def problems(self, question: QuestionSpec) -> list[str]:
        gaps = gaps_of(question.text)
        if not gaps:
            return [
                _(
                    "Put at least one gap in the text, e.g. {1:SHORTANSWER:=Астана} or "
                    "{1:MULTICHOICE:=right~wrong} or {1:NUMERICAL:=17:0.5}."
                )
            ]
        problems = []
        if not sum(gap.weight for gap in gaps):
            problems.append(_("Give at least one gap a weight above 0."))
        for number, gap in enumerate(gaps, start=1):
            if not gap.right:
                problems.append(_("Gap %(number)d has no right answer (mark it with =).") % {"number": number})
            elif gap.kind == "choice" and len(gap.answers) < 2:
                problems.append(_("Gap %(number)d needs at least two choices.") % {"number": number})
            elif gap.kind == "number" and any(parse_number(answer.split(":")[0]) is None for answer in gap.right):
                problems.append(_("Gap %(number)d: the right answer is not a number.") % {"number": number})
        return problems

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        orders = {}
        for number, gap in enumerate(gaps_of(question.text)):
            if gap.kind == "choice":
                order = list(range(len(gap.answers)))
                if shuffle:
                    rng.shuffle(order)
                orders[str(number)] = order
        return {"extra": {"choices": orders}}

    def _choice_order(self, view: QuestionView, number: int, gap: Gap) -> list[int]:
        """This attempt's order of the gap's choices; the plain order if the stored one no longer fits the gap."""
        order = view.extra.get("choices", {}).get(str(number))
        return order if order and sorted(order) == list(range(len(gap.answers))) else list(range(len(gap.answers)))

    def read_form(self, data, view: QuestionView):
        gaps = gaps_of(view.question.text)
        values = {str(number): data.get(f"{view.name}-g{number}", "").strip() for number in range(len(gaps))}
        return values if any(values.values()) else None

    def clean(self, view: QuestionView, raw) -> dict:
        if not isinstance(raw, dict):
            raise InvalidAnswer(_("That is not one of the answer options."))
        gaps = gaps_of(view.question.text)
        stored = {}
        for key, value in raw.items():
            number = index_of(key, range(len(gaps)))
            if value in (None, ""):
                continue
            gap = gaps[number]
            if gap.kind == "choice":
                stored[str(number)] = index_of(value, self._choice_order(view, number, gap))
            else:
                stored[str(number)] = text_answer(value)
        return {"gaps": stored} if stored else {}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        """The text in pieces, each gap with what the student gave (a choice as its place in this attempt's list)."""
        given = answer.get("gaps", {})
        parts, number = [], 0
        for part in parse(view.question.text):
            if isinstance(part, str):
                parts.append({"text": part})
                continue
            value = given.get(str(number))
            gap = {"gap": number, "kind": part.kind, "name": f"{view.name}-g{number}", "right": _shown(part)}
            if part.kind == "choice":
                order = self._choice_order(view, number, part)
                gap["choices"] = [part.answers[index][0] for index in order]
                gap["value"] = order.index(value) if isinstance(value, int) and value in order else None
                gap["given"] = part.answers[value][0] if isinstance(value, int) and value < len(part.answers) else ""
            else:
                gap["value"] = gap["given"] = value or ""
            parts.append(gap)
            number += 1
        return {"parts": parts}

    @staticmethod
    def _is_right(gap: Gap, value) -> bool:
        if gap.kind == "choice":
            return isinstance(value, int) and value < len(gap.answers) and gap.answers[value][1]
        if gap.kind == "number":
            for answer in gap.right:
                number, _colon, tolerance = answer.partition(":")
                if within(str(value or ""), parse_number(number), parse_number(tolerance) or Decimal(0)):
                    return True
            return False
        return any(accepts(answer, str(value or ""), 0) for answer in gap.right)

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        gaps = gaps_of(question.text)
        total = sum(gap.weight for gap in gaps)
        if not total:
            return Decimal(0)
        given = answer.get("gaps") or {}
        earned = sum(gap.weight for number, gap in enumerate(gaps) if self._is_right(gap, given.get(str(number))))
        return Decimal(earned) / total

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        """Gap by gap while the gaps keep their kinds; a chosen answer by its text, so removing a choice
        before it does not make it name another."""
        old_gaps, new_gaps = gaps_of(old.text), gaps_of(new.text)
        if [gap.kind for gap in old_gaps] != [gap.kind for gap in new_gaps]:
            return {}
        carried = {}
        for key, value in (answer.get("gaps") or {}).items():
            number = int(key)
            if old_gaps[number].kind != "choice":
                carried[key] = value
                continue
            texts = [text for text, _right in new_gaps[number].answers]
            chosen = (
                old_gaps[number].answers[value][0]
                if isinstance(value, int) and value < len(old_gaps[number].answers)
                else None
            )
            if chosen in texts:
                carried[key] = texts.index(chosen)
        return {"gaps": carried} if carried else {}

    def full_marks_form(self, view: QuestionView) -> dict:
        form = {}
        for number, gap in enumerate(gaps_of(view.question.text)):
            name = f"{view.name}-g{number}"
            if gap.kind == "choice":
                order = self._choice_order(view, number, gap)
                form[name] = str(next(place for place, index in enumerate(order) if gap.answers[index][1]))
            else:
                form[name] = gap.right[0].partition(":")[0]
        return form
