"""Starting, answering, submitting and closing quiz attempts.

The rules students feel most: a second click never opens a second attempt
and never exceeds the allowed attempts (the database's constraints decide a
race, not the view); the deadline is the server's; what was saved in time is
never lost; submitting twice grades once.

Students never see option ids: every choice, matching answer and ordering
item is addressed by its index in the attempt's layout, so the page source
does not reveal which option was created first (often the correct one).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import access, audit
from quizzes import grading, versions
from quizzes.models import Attempt, Option, Question, Quiz, Response
from quizzes.question_types import get_question_type
from quizzes.question_types.base import InvalidAnswer, OptionSpec, QuestionSpec, QuestionView

logger = logging.getLogger(__name__)


def grace() -> timedelta:
    """Time after the deadline in which a save still counts (network lag, a slow phone)."""
    return timedelta(seconds=getattr(settings, "QUIZ_GRACE_SECONDS", 30))


class AttemptError(Exception):
    """A request that cannot be honoured; the message is for the student."""


class QuizNotOpen(AttemptError):
    pass


class NoAttemptsLeft(AttemptError):
    pass


class AttemptClosed(AttemptError):
    pass


def spec_for(question: Question, options: list[Option]) -> QuestionSpec:
    return QuestionSpec.of(question, map(OptionSpec.of, options))


# Layout --------------------------------------------------------------------------------------------------


def build_layout(quiz: Quiz, questions: list[Question], rng: random.Random) -> dict:
    """Which questions, in which order, and each question's own order of its parts (from its type)."""
    chosen = list(questions)
    if quiz.questions_per_attempt and quiz.questions_per_attempt < len(chosen):
        picked = set(rng.sample(range(len(chosen)), quiz.questions_per_attempt))
        chosen = [question for index, question in enumerate(chosen) if index in picked]
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    layout: dict = {"questions": [question.pk for question in chosen], "options": {}, "matches": {}, "extra": {}}
    for question in chosen:
        parts = get_question_type(question.kind).layout(
            spec_for(question, question.options.all()), rng, shuffle=quiz.shuffle_choices
        )
        for part in ("options", "matches", "extra"):
            if part in parts:
                layout[part][str(question.pk)] = parts[part]
    return layout


# Starting --------------------------------------------------------------------------------------------------


def _questions(quiz: Quiz, *, preview: bool) -> list[Question]:
    """The latest version of each question; a teacher's preview includes drafts, a student's never does."""
    questions = quiz.questions.current() if preview else quiz.questions.for_students()
    return list(questions.prefetch_related("options"))


def start_attempt(quiz: Quiz, user, *, now=None, rng: random.Random | None = None) -> Attempt:
    """The user's open attempt, or a new one if the rules allow; safe under concurrent requests.

    The count of used attempts and the insert happen under a lock on the
    student's row, so two tabs cannot both pass the attempts check; the
    one-open-attempt constraint backs this up.
    """
    now = now or timezone.now()
    preview = access.teaches(user, quiz.course)
    questions = _questions(quiz, preview=preview)
    layout = build_layout(quiz, questions, rng or random.Random())
    by_id = {question.pk: question for question in questions}
    for _try in range(3):
        try:
            with transaction.atomic():
                get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
                current = Attempt.objects.filter(quiz=quiz, student=user, state=Attempt.State.IN_PROGRESS).first()
                if current is not None and not close_if_expired(current, now=now):
                    return current
                if not preview:
                    if not quiz.is_published or not quiz.is_open(now):
                        raise QuizNotOpen(_("This quiz is not open now."))
                    used = Attempt.objects.filter(quiz=quiz, student=user, is_preview=False).count()
                    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
                        raise NoAttemptsLeft(_("You have used all your attempts at this quiz."))
                if not questions:
                    raise QuizNotOpen(_("This quiz has no questions yet."))
                deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
                if quiz.closes_at and not preview:
                    deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
                last = Attempt.objects.filter(quiz=quiz, student=user).aggregate(last=Max("number"))["last"] or 0
                if not preview:
                    versions.freeze(layout["questions"])  # from now on, an edit makes a new version
                return Attempt.objects.create(
                    quiz=quiz,
                    student=user,
                    number=last + 1,
                    is_preview=preview,
                    started_at=now,
                    deadline=deadline,
                    layout=layout,
                    max_score=sum((by_id[pk].points for pk in layout["questions"]), Decimal("0")),
                )
        except IntegrityError:
            continue  # another request started one at the same moment: resume it
    raise AttemptError(_("The quiz could not be started. Please try again."))


# Answering -------------------------------------------------------------------------------------------------


def question_views(attempt: Attempt, only: set[str] | None = None) -> list[QuestionView]:
    """The attempt's questions in layout order (two queries whatever the number of questions).

    ``only`` limits them to these question ids: an autosave of one answer loads one question.
    """
    ids = attempt.question_ids
    if only is not None:
        ids = [pk for pk in ids if str(pk) in only]
    questions = {question.pk: question for question in Question.objects.filter(pk__in=ids).prefetch_related("options")}
    views = []
    for question_id in ids:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted by the teacher after the attempt started
        key = str(question_id)
        views.append(
            _view(
                question,
                attempt.layout.get("options", {}).get(key, []),
                attempt.layout.get("matches", {}).get(key, []),
                attempt.layout.get("extra", {}).get(key, {}),
            )
        )
    return views


def _view(question: Question, order: list[int], matches: list[int], extra: dict) -> QuestionView:
    """A question with its options (and matching answers) in the given order of ids."""
    by_id = {option.pk: option for option in question.options.all()}
    options = [by_id[pk] for pk in order if pk in by_id]
    if get_question_type(question.kind).shows_every_option:
        options += [option for pk, option in by_id.items() if pk not in order]  # added after the attempt began
    return QuestionView(question, options, [by_id[pk] for pk in matches if pk in by_id], extra)


def single_question_view(question: Question, rng: random.Random) -> QuestionView:
    """One question laid out as a new attempt would show it: the teacher's preview of a question."""
    parts = get_question_type(question.kind).layout(
        spec_for(question, question.options.all()), rng, shuffle=question.quiz.shuffle_choices
    )
    return _view(question, parts.get("options", []), parts.get("matches", []), parts.get("extra", {}))


def clean_answer(view: QuestionView, raw) -> dict:
    """The stored answer for ``raw`` (indexes into the layout, as the page sends them), or InvalidAnswer."""
    if raw in (None, "", [], {}):
        return {}
    return view.type.clean(view, raw)


def answers_from_form(data, views: list[QuestionView], *, answered: set[str] = frozenset()) -> dict[str, object]:
    """Raw answers from form fields, read by each question's type: the form without JavaScript, and autosave.

    A question left empty is not sent at all — a page left open in another tab
    must not blank answers saved since from elsewhere — unless the request
    names it in ``answered`` (the page's script does, for the question it saves).
    """
    raw: dict[str, object] = {}
    for view in views:
        value = view.type.read_form(data, view)
        if value is not None:
            raw[view.key] = value
        elif view.key in answered:
            raw[view.key] = ""
    return raw


def _check_open(attempt: Attempt, now) -> None:
    if not attempt.is_open:
        raise AttemptClosed(_("This attempt is finished; answers can no longer be changed."))
    if close_if_expired(attempt, now=now):
        raise AttemptClosed(_("Time is up. Your answers saved before the deadline were submitted."))


def save_answers(
    attempt: Attempt, raw_answers: dict[str, object], *, now=None, problems: dict[str, str] | None = None
) -> list[int]:
    """Validate and store answers keyed by question id; returns the question ids saved.

    All or nothing, unless a ``problems`` dict is given: then each answer that
    cannot be stored is left out and its message put there (the page's
    autosave sends several questions at once; one unfinished answer must not
    hold back the others).
    """
    now = now or timezone.now()
    _check_open(attempt, now)
    views = {view.key: view for view in question_views(attempt, only={str(key) for key in raw_answers})}
    cleaned = {}
    for key, raw in raw_answers.items():
        try:
            view = views.get(str(key))
            if view is None:
                raise InvalidAnswer(_("That question is not part of this attempt."))
            cleaned[view.question.pk] = clean_answer(view, raw)
        except InvalidAnswer as error:
            if problems is None:
                raise
            problems[str(key)] = str(error)
    saved = []
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open:
            raise AttemptClosed(_("This attempt is finished; answers can no longer be changed."))
        stamp = timezone.now()
        for question_id, answer in cleaned.items():
            # An update first: an autosave usually changes an answer already saved, and this
            # costs one query where update_or_create costs four (savepoint, lock, write, release).
            changed = Response.objects.filter(attempt=attempt, question_id=question_id).update(
                answer=answer, saved_at=stamp
            )
            if not changed:
                Response.objects.create(attempt=attempt, question_id=question_id, answer=answer)
            saved.append(question_id)
    return saved


def saved_answers(attempt: Attempt) -> dict[int, dict]:
    return dict(attempt.responses.values_list("question_id", "answer"))


# Finishing -------------------------------------------------------------------------------------------------


def grade_attempt(attempt: Attempt) -> Decimal:
    """Points for every response of the attempt; returns the total (no save of the attempt itself).

    An answer the teacher grades (an essay) keeps the teacher's mark once given, whatever the regrade;
    until then it has no points and the attempt is ``awaiting_grading`` (set here, saved by the caller).
    """
    views = {view.question.pk: view for view in question_views(attempt)}
    responses = list(attempt.responses.all())
    total = Decimal("0")
    awaiting = False
    for response in responses:
        view = views.get(response.question_id)
        if view is None:
            response.points = Decimal("0")
        elif view.type.graded_by_teacher and response.teacher_points is not None:
            # Never above the question's points, should a newer version be worth less than the mark given.
            response.points = min(response.teacher_points, view.question.points)
        else:
            response.points = grading.grade(spec_for(view.question, view.question.options.all()), response.answer)
        if response.points is None:
            awaiting = True
        else:
            total += response.points
    Response.objects.bulk_update(responses, ["points"])
    attempt.max_score = sum((view.question.points for view in views.values()), Decimal("0"))
    attempt.awaiting_grading = awaiting
    return total


def finish(attempt: Attempt, *, now=None, expired: bool = False) -> Attempt:
    """Grade and close the attempt once; a second call (double click, cron) changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open:
            return locked
        locked.score = grade_attempt(locked)
        locked.state = Attempt.State.EXPIRED if expired else Attempt.State.SUBMITTED
        locked.submitted_at = min(now, locked.deadline) if expired and locked.deadline else now
        locked.save(update_fields=["score", "max_score", "awaiting_grading", "state", "submitted_at"])
    return locked


def close_if_expired(attempt: Attempt, *, now=None) -> bool:
    """Close and grade an open attempt whose time ran out; True if it did."""
    now = now or timezone.now()
    if attempt.is_open and attempt.deadline and now > attempt.deadline + grace():
        finished = finish(attempt, now=now, expired=True)
        attempt.state, attempt.score, attempt.submitted_at = finished.state, finished.score, finished.submitted_at
        attempt.awaiting_grading = finished.awaiting_grading
        return True
    return False


def close_expired_attempts(*, now=None, quizzes=None) -> int:
    """Close every open attempt whose time ran out (cron, and teachers' result pages); returns how many."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline__lt=now - grace())
    if quizzes is not None:
        expired = expired.filter(quiz__in=quizzes)
    closed = 0
    for attempt in expired:
        try:
            closed += close_if_expired(attempt, now=now)
        except Exception:  # one broken attempt must not keep the others open
            logger.exception("closing expired attempt %s failed", attempt.pk)
    return closed


@dataclass(frozen=True)
class Regraded:
    attempt: Attempt
    old: Decimal | None
    new: Decimal


def regrade(quizzes, *, acting_user, to_latest: bool = False) -> list[Regraded]:
    """Recompute every finished attempt of the quizzes; returns (and audits) the attempts whose score changed.

    ``to_latest`` first moves each attempt to the newest version of its questions
    (``versions.move_to_latest``), for a question fixed after students answered it.
    """
    changed = []
    for attempt in (
        Attempt.objects.filter(quiz__in=quizzes)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .select_related("student", "quiz__course")
    ):
        with transaction.atomic():
            old = attempt.score
            if to_latest:
                versions.move_to_latest(attempt)
            attempt.score = grade_attempt(attempt)
            attempt.save(update_fields=["score", "max_score", "awaiting_grading"])
            if old != attempt.score:
                audit.record(
                    acting_user,
                    audit.Event.REGRADED,
                    attempt,
                    course=attempt.quiz.course,
                    before={"score": old},
                    after={"score": attempt.score},
                )
        if old != attempt.score:
            changed.append(Regraded(attempt, old, attempt.score))
    return changed


def void_attempt(attempt: Attempt, *, reason: str, acting_user) -> bool:
    """Take a finished attempt out of the grades, keeping it and saying who and why; False if already void."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("quiz__course").get(pk=attempt.pk)
        if locked.is_void:
            return False
        locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), acting_user, reason
        locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
        audit.record(
            acting_user,
            audit.Event.ATTEMPT_VOIDED,
            locked,
            course=locked.quiz.course,
            before={"voided": False, "score": locked.score},
            after={"voided": True, "score": locked.score},
            reason=reason,
        )
    return True


def student_grade(quiz: Quiz, attempts: list[Attempt]) -> Decimal | None:
    """The quiz grade (percent) from a student's finished, non-preview attempts."""
    return grading.quiz_grade(
        (
            grading.AttemptResult(attempt.number, attempt.score, attempt.max_score)
            for attempt in attempts
            if not attempt.is_open
            and not attempt.is_preview
            and not attempt.is_void
            and attempt.score is not None
            and not attempt.awaiting_grading
        ),
        quiz.grading_method,
    )
