"""Essay: free text, with an optional word limit, graded by the teacher (``quizzes/marking.py``).

No rule can grade it: the type is ``graded_by_teacher``, so an answer waits
for the teacher's mark and its attempt's score stays pending until then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionType, QuestionView

MAX_ESSAY_CHARACTERS = 20000  # about 3,000 words of Kazakh: a sane upper bound for one answer
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, a hyphenated or apostrophed word counting once."""
    return len(WORD.findall(text))


class Essay(QuestionType):
    code = "essay"
    menu_order = 90
    label = gettext_lazy("Essay")
    description = gettext_lazy("Students write a free text (with an optional word limit); you mark it yourself.")
    question_fields = ("word_limit",)
    graded_by_teacher = True

    def problems(self, question: QuestionSpec) -> list[str]:
        return []

    def read_form(self, data, view: QuestionView):
        return data.get(view.name, "").strip() or None

    def clean(self, view: QuestionView, raw) -> dict:
        if not isinstance(raw, str):
            raise InvalidAnswer(_("The answer must be text."))
        text = raw.replace("\r\n", "\n").strip()
        if len(text) > MAX_ESSAY_CHARACTERS:
            raise InvalidAnswer(
                _("The answer is too long (at most %(max)d characters).") % {"max": MAX_ESSAY_CHARACTERS}
            )
        # A text over the word limit is saved all the same (a student's writing is never thrown away);
        # the page says it is too long, and the teacher marking it sees the count.
        return {"text": text} if text else {}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        text = answer.get("text", "")
        words, limit = word_count(text), view.question.word_limit
        return {"text": text, "words": words, "limit": limit, "over_limit": bool(limit and words > limit)}

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        raise NotImplementedError("an essay is graded by the teacher (quizzes/marking.py)")

    def full_marks_form(self, view: QuestionView) -> dict:
        # No answer earns full marks by itself: this one is for the teacher to mark.
        return {view.name: "Жергілікті өзін-өзі басқару — азаматтардың жергілікті мәселелерді өздері шешуі."}
