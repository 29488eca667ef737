"""Student quiz pages: the quiz, an attempt with autosave, submitting, the review."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses import access
from courses.limits import RequestTooLarge, read_json
from quizzes import attempts
from quizzes.models import Attempt, Quiz

MAX_JSON_BODY = 64 * 1024
logger = logging.getLogger(__name__)


def _quiz_for(request, slug: str, quiz_id: int) -> tuple[Quiz, bool]:
    course = get_object_or_404(access.visible_courses(request.user).prefetch_related("teachers"), slug=slug)
    is_teacher = access.teaches(request.user, course)
    quizzes = Quiz.objects.filter(course=course)
    if not is_teacher:
        quizzes = quizzes.filter(is_published=True)
    quiz = get_object_or_404(quizzes, pk=quiz_id)
    quiz.course = course
    return quiz, is_teacher


def _own_attempt(request, attempt_id: int) -> Attempt:
    """The user's own attempt or a 404: another student's attempt id reveals nothing."""
    return get_object_or_404(Attempt.objects.select_related("quiz__course"), pk=attempt_id, student=request.user)


@login_required
def quiz_detail(request, slug: str, quiz_id: int):
    quiz, is_teacher = _quiz_for(request, slug, quiz_id)
    mine = list(Attempt.objects.filter(quiz=quiz, student=request.user).order_by("number"))
    for attempt in mine:
        attempts.close_if_expired(attempt)
    counted = [attempt for attempt in mine if not attempt.is_preview]
    open_attempt = next((attempt for attempt in mine if attempt.is_open), None)
    left = None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - len(counted))
    can_start = open_attempt is not None or is_teacher or (quiz.is_open() and (left is None or left > 0))
    return render(
        request,
        "quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "course": quiz.course,
            "attempts": counted,
            "open_attempt": open_attempt,
            "attempts_left": left,
            "grade": attempts.student_grade(quiz, counted),
            "grade_pending": any(attempt.awaiting_grading and not attempt.is_void for attempt in counted),
            "show_scores": is_teacher or quiz.review_allowed(),
            "can_start": can_start,
            "is_teacher": is_teacher,
            "question_count": quiz.questions_per_attempt or quiz.questions.for_students().count(),
        },
    )


@login_required
@require_POST
def start(request, slug: str, quiz_id: int):
    quiz, _is_teacher = _quiz_for(request, slug, quiz_id)
    try:
        attempt = attempts.start_attempt(quiz, request.user)
    except attempts.AttemptError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    return redirect(attempt)


@never_cache
@login_required
def attempt_page(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempts.close_if_expired(attempt):
        messages.warning(request, _("Time is up. Your answers saved before the deadline were submitted."))
    if not attempt.is_open:
        return redirect("quizzes:review", attempt.pk)
    views = attempts.question_views(attempt)
    saved = attempts.saved_answers(attempt)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "questions": [(view, view.type.form_state(view, saved.get(view.question.pk) or {})) for view in views],
            "now": timezone.now(),
            "grace_seconds": int(attempts.grace().total_seconds()),
            "script_messages": {
                "saving": _("Saving…"),
                "saved": _("Saved"),
                "failed": _("Not saved yet — retrying…"),
                "refused": _("This answer could not be saved. Change it and it will be saved again."),
                "closed": _("This attempt is closed."),
                "minutes_left": _("minutes left"),
                "time_up": _("Time is up. Submitting your saved answers…"),
            },
        },
    )


@never_cache
@login_required
@require_POST
def attempt_post(request, attempt_id: int):
    """The whole form at once: save, or save and go to the submit confirmation (or submit at time-out)."""
    attempt = _own_attempt(request, attempt_id)
    views = attempts.question_views(attempt)
    problems: dict[str, str] = {}
    try:
        attempts.save_answers(attempt, attempts.answers_from_form(request.POST, views), problems=problems)
    except attempts.AttemptClosed as error:
        messages.warning(request, str(error))
        return redirect("quizzes:review", attempt.pk)
    if problems:  # the other answers are saved; each refused one is named with its number on the page
        numbers = {view.key: number for number, view in enumerate(views, start=1)}
        for key, problem in problems.items():
            messages.error(
                request, _("Question %(number)s: %(problem)s") % {"number": numbers.get(key, "?"), "problem": problem}
            )
        return redirect(attempt)
    if "time_up" in request.POST:
        attempts.finish(attempt)
        return redirect("quizzes:review", attempt.pk)
    if "finish" in request.POST:
        return redirect("quizzes:submit", attempt.pk)
    messages.success(request, _("Your answers are saved."))
    return redirect(attempt)


@never_cache
@login_required
@require_POST
def autosave(request, attempt_id: int):
    """Save answers as they change. The page's script posts one question's fieldset as form data, read by
    the question's type like the plain form (naming the question in ``answered``, so clearing an answer
    saves too); ``{"answers": {"<question id>": <answer>}}`` as JSON is read too."""
    attempt = _own_attempt(request, attempt_id)
    problems = None  # JSON: all or nothing
    if request.content_type == "application/json":
        try:
            payload = read_json(request.body, max_bytes=MAX_JSON_BODY)
        except BadRequest as error:
            return JsonResponse({"error": str(error)}, status=413 if isinstance(error, RequestTooLarge) else 400)
        answers = payload.get("answers") if isinstance(payload, dict) else None
        if not isinstance(answers, dict):
            return JsonResponse({"error": _("The request was not understood.")}, status=400)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        answered = set(request.POST.getlist("answered"))
        views = attempts.question_views(attempt, only=answered)
        answers = attempts.answers_from_form(request.POST, views, answered=answered)
        problems = {}
    else:
        return JsonResponse({"error": _("The request was not understood.")}, status=400)
    try:
        saved = attempts.save_answers(attempt, answers, problems=problems)
    except attempts.AttemptClosed as error:
        return JsonResponse({"error": str(error), "closed": True}, status=409)
    except attempts.InvalidAnswer as error:
        return JsonResponse({"error": str(error)}, status=400)
    except DatabaseError:
        logger.exception("autosave of attempt %s failed", attempt.pk)
        # Nothing was written (one transaction); the page keeps the answer and retries.
        return JsonResponse({"error": _("The answer could not be saved just now; retrying.")}, status=503)
    return JsonResponse(
        {
            "saved": [str(question_id) for question_id in saved],
            "problems": problems or {},
            "at": timezone.now().isoformat(),
        }
    )


@never_cache
@login_required
def submit(request, attempt_id: int):
    """GET: confirm with the count of unanswered questions. POST: grade once and show the review."""
    attempt = _own_attempt(request, attempt_id)
    attempts.close_if_expired(attempt)
    if not attempt.is_open:
        return redirect("quizzes:review", attempt.pk)
    if request.method == "POST":
        try:
            attempts.finish(attempt)
        except DatabaseError:
            logger.exception("submitting attempt %s failed", attempt.pk)
            messages.error(
                request, _("Your attempt could not be submitted just now. Your answers are safe; please submit again.")
            )
            return redirect("quizzes:submit", attempt.pk)
        return redirect("quizzes:review", attempt.pk)
    answered = sum(1 for answer in attempts.saved_answers(attempt).values() if answer)
    total = len(attempt.question_ids)
    return render(
        request,
        "quizzes/submit.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "unanswered": total - answered,
            "total": total,
        },
    )


@never_cache
@login_required
def review(request, attempt_id: int):
    """The student's review per the policy; the course's teachers see any attempt in full."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz__course", "student"), pk=attempt_id)
    teacher = attempt.student_id != request.user.pk and access.teaches(request.user, attempt.quiz.course)
    if attempt.student_id != request.user.pk and not teacher:
        raise Http404
    attempts.close_if_expired(attempt)
    if attempt.is_open:
        return (
            redirect(attempt) if not teacher else redirect("quizzes:results", attempt.quiz.course.slug, attempt.quiz_id)
        )
    quiz = attempt.quiz
    preview = attempt.is_preview or teacher
    allowed = preview or quiz.review_allowed()
    shows = Quiz.ReviewShows.FULL if preview else quiz.review_shows
    questions = []
    if allowed and shows != Quiz.ReviewShows.SCORE:
        responses = {response.question_id: response for response in attempt.responses.all()}
        for view in attempts.question_views(attempt):
            response = responses.get(view.question.pk)
            questions.append((view, response, view.type.form_state(view, response.answer if response else {})))
    return render(
        request,
        "quizzes/review.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "course": quiz.course,
            "review_allowed": allowed,
            "show_answers": allowed and shows in (Quiz.ReviewShows.ANSWERS, Quiz.ReviewShows.FULL),
            "show_correct": allowed and shows == Quiz.ReviewShows.FULL,
            "questions": questions,
            "passed": attempt.percent is not None and attempt.percent >= quiz.pass_mark,
            "teacher_view": teacher,
        },
    )
