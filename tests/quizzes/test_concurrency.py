"""Races between real database connections: a double click, two tabs, submit racing submit (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from quizzes import attempts
from quizzes.models import Attempt

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, action) -> list:
    """Run ``action`` in ``count`` threads released together, each with its own connection."""
    barrier = threading.Barrier(count)
    results: list = []
    errors: list = []

    def worker():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections are tested on PostgreSQL (the SQLite test database is in memory)")


def test_simultaneous_starts_open_one_attempt(quiz, student):
    quiz.attempts_allowed = 1
    quiz.save()
    started = run_at_once(8, lambda: attempts.start_attempt(quiz, student).pk)
    assert len(set(started)) == 1
    assert Attempt.objects.filter(quiz=quiz, student=student).count() == 1


def test_simultaneous_starts_never_exceed_the_allowed_attempts(quiz, student):
    quiz.attempts_allowed = 2
    quiz.save()
    first = attempts.start_attempt(quiz, student)
    attempts.finish(first)

    def start_and_finish():
        try:
            attempt = attempts.start_attempt(quiz, student)
        except attempts.NoAttemptsLeft:
            return "refused"
        attempts.finish(attempt)
        return attempt.pk  # a new attempt, or the one another tab had just opened

    outcomes = run_at_once(6, start_and_finish)
    assert len({outcome for outcome in outcomes if outcome != "refused"}) == 1
    assert Attempt.objects.filter(quiz=quiz, student=student).count() == 2


def test_simultaneous_submits_grade_once(quiz, student):
    from tests.quizzes.conftest import automatic_points, correct_answers

    attempt = attempts.start_attempt(quiz, student)
    attempts.save_answers(attempt, correct_answers(attempt))
    finished = run_at_once(6, lambda: attempts.finish(Attempt.objects.get(pk=attempt.pk)).submitted_at)
    assert len(set(finished)) == 1
    attempt.refresh_from_db()
    assert attempt.score == automatic_points(attempt), "every automatically graded answer counted once"


def race_save_and_submit(attempt_id: int, question: str) -> list[str]:
    """Save an answer and submit the attempt at the same moment, from two connections."""

    def save():
        try:
            attempts.save_answers(Attempt.objects.get(pk=attempt_id), {question: "0"})
        except attempts.AttemptClosed:
            return "refused"
        return "saved"

    def submit():
        attempts.finish(Attempt.objects.get(pk=attempt_id))
        return "submitted"

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(action):
        barrier.wait()
        outcomes.append(action())
        connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in (save, submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_autosave_racing_submit_never_loses_an_accepted_answer(quiz, student):
    """Whichever wins, an answer the server accepted is stored and counted; a refused one was refused out loud."""
    for _round in range(5):
        Attempt.objects.filter(quiz=quiz, student=student).delete()
        attempt = attempts.start_attempt(quiz, student)
        question = str(attempt.question_ids[0])
        outcomes = race_save_and_submit(attempt.pk, question)
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.SUBMITTED
        stored = attempt.responses.filter(question_id=question).first()
        if "saved" in outcomes:
            assert stored is not None, "an accepted answer was lost"
            assert stored.points is not None, "an accepted answer was not graded"
        else:
            assert stored is None
