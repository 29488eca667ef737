"""``manage.py loadtest_exam``: a whole class starts the same quiz at once, against a running server.

An asyncio + httpx driver rather than a general load tool: the scenario needs
per-student state (session, CSRF token, the attempt's layout) and, afterwards,
a check in the database that every answer the driver saved is there and every
attempt is graded — a load tool would only count status codes. Every run is
bounded by ``--time-limit`` and stops by itself. It talks only to ``--url``,
which must be a loopback address.

Run through ``make loadtest``, which starts gunicorn on throwaway databases.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from courses.models import Course, Enrollment
from quizzes.models import Attempt, Option, Question, Quiz, Response

PASSWORD = "exam-day-2026"
QUESTIONS = 20
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    queries: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    saved: dict[tuple[str, str], str] = field(default_factory=dict)  # (username, question) -> choice index
    requests: int = 0
    retries: int = 0


class Command(BaseCommand):
    help = "Simulate an exam start (log in, start, autosave, submit) against a running server and report latency."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--students", default="300", help="one count, or several separated by commas")
        parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which students log in")
        parser.add_argument(
            "--start-window",
            type=float,
            default=5.0,
            help="after the last login, seconds in which everyone starts the quiz",
        )
        parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a student's answers")
        parser.add_argument("--time-limit", type=float, default=240.0, help="seconds after which a run is stopped")
        parser.add_argument("--json", dest="json_path", help="also write the results to this file")

    def handle(self, *args, url, students, ramp, start_window, think, time_limit, json_path: str | None, **options):
        if urlparse(url).hostname not in LOOPBACK:
            raise CommandError("The load test only targets this machine's loopback address.")
        if "load" not in str(connection.settings_dict["NAME"]):
            raise CommandError("Refusing to write load-test data: the database name must contain 'load'.")
        self.ramp, self.start_window = ramp, start_window
        results = []
        for count in [int(value) for value in students.split(",")]:
            quiz, usernames = self.prepare(count)
            started = time.perf_counter()
            stats = asyncio.run(self.run(url, quiz, usernames, ramp, start_window, think, time_limit))
            elapsed = time.perf_counter() - started
            lost, ungraded = self.verify(quiz, stats)
            result = self.report(count, stats, elapsed, lost, ungraded)
            results.append(result)
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(results, indent=1, ensure_ascii=False))

    # Data ------------------------------------------------------------------------------------------------

    def prepare(self, count: int) -> tuple[Quiz, list[str]]:
        User = get_user_model()
        course, _created = Course.objects.get_or_create(
            slug="loadtest", defaults={"title": "Load test", "is_published": True}
        )
        quiz = Quiz.objects.filter(course=course).first()
        if quiz is None:
            quiz = Quiz.objects.create(
                course=course,
                title="Exam",
                is_published=True,
                time_limit_minutes=30,
                attempts_allowed=1,
                shuffle_choices=True,
            )
            for number in range(QUESTIONS):
                question = Question.objects.create(
                    quiz=quiz, position=number, kind="single", text=f"Сұрақ {number + 1}"
                )
                Option.objects.bulk_create(
                    Option(question=question, position=option, text=f"Жауап {option}", is_correct=option == 0)
                    for option in range(4)
                )
        Attempt.objects.filter(quiz=quiz).delete()
        existing = set(User.objects.filter(username__startswith="load").values_list("username", flat=True))
        password = make_password(PASSWORD)
        new = []
        for number in range(count):
            username = f"load{number:04d}"
            if username not in existing:
                user = User(username=username, full_name=f"Студент {number:04d}", password=password)
                user.fill_name_keys()
                new.append(user)
        User.objects.bulk_create(new)
        usernames = [f"load{number:04d}" for number in range(count)]
        enrolled = set(Enrollment.objects.filter(course=course).values_list("student__username", flat=True))
        Enrollment.objects.bulk_create(
            Enrollment(course=course, student=user)
            for user in User.objects.filter(username__in=[name for name in usernames if name not in enrolled])
        )
        return quiz, usernames

    def verify(self, quiz: Quiz, stats: Stats) -> tuple[int, int]:
        """Answers the driver saved but the database lacks, and attempts left ungraded."""
        stored = {}
        for username, question_id, answer in Response.objects.filter(attempt__quiz=quiz).values_list(
            "attempt__student__username", "question_id", "answer"
        ):
            stored[(username, str(question_id))] = answer.get("choice")
        layouts = {
            username: layout
            for username, layout in Attempt.objects.filter(quiz=quiz).values_list("student__username", "layout")
        }
        lost = 0
        for (username, question), index in stats.saved.items():
            option_id = layouts[username]["options"][question][int(index)]
            if stored.get((username, question)) != option_id:
                lost += 1
        ungraded = Attempt.objects.filter(quiz=quiz).filter(score__isnull=True).count()
        return lost, ungraded

    # The scenario ----------------------------------------------------------------------------------------

    async def run(self, url, quiz, usernames, ramp, start_window, think, time_limit) -> Stats:
        import httpx

        stats = Stats()
        limits = httpx.Limits(max_connections=len(usernames) + 10)
        timeout = httpx.Timeout(60.0)
        begin = time.perf_counter()
        start_at = [begin + ramp + random.uniform(0, start_window) for _name in usernames]
        tasks = [
            asyncio.create_task(
                self.student(url, quiz, name, random.uniform(0, ramp), start_at[number], think, stats, limits, timeout)
            )
            for number, name in enumerate(usernames)
        ]
        done, pending = await asyncio.wait(tasks, timeout=time_limit)
        for task in pending:
            task.cancel()
            stats.errors["stopped by time limit"] += 1
        for task in done:
            if task.exception():
                stats.errors[f"{type(task.exception()).__name__}"] += 1
        return stats

    async def timed(self, stats: Stats, name: str, send, expected: tuple[int, ...]):
        """Send (a callable returning the request coroutine), time it, check the status.

        Like a browser, a request that fails because a kept-alive connection was
        closed under it is sent once more on a fresh connection; such retries are counted.
        """
        import httpx

        started = time.perf_counter()
        try:
            response = await send()
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            stats.retries += 1
            response = await send()
        stats.latencies[name].append(time.perf_counter() - started)
        stats.requests += 1
        if "X-DB-Queries" in response.headers:
            stats.queries[name].append(int(response.headers["X-DB-Queries"]))
        if response.status_code not in expected:
            stats.errors[f"{name} {response.status_code}"] += 1
            raise RuntimeError(f"{name}: HTTP {response.status_code}")
        return response

    async def student(self, url, quiz, username, delay, start_at, think, stats, limits, timeout):
        import httpx

        await asyncio.sleep(delay)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout, follow_redirects=False) as client:
            await self.timed(stats, "login page", lambda: client.get("/accounts/login/"), (200,))
            token = client.cookies["csrftoken"]
            headers = {"Referer": f"{url}/accounts/login/"}
            await self.timed(
                stats,
                "login",
                lambda: client.post(
                    "/accounts/login/",
                    data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                    headers=headers,
                ),
                (302,),
            )
            token = client.cookies["csrftoken"]
            headers = {"X-CSRFToken": token, "Referer": f"{url}/"}
            await asyncio.sleep(max(0.0, start_at - time.perf_counter()))  # the quiz opens: everyone starts
            start = await self.timed(
                stats,
                "start",
                lambda: client.post(f"/courses/loadtest/quizzes/{quiz.pk}/start/", headers=headers),
                (302,),
            )
            attempt_url = start.headers["Location"]
            page = await self.timed(stats, "attempt page", lambda: client.get(attempt_url), (200,))
            questions = re.findall(r'data-question="(\d+)"', page.text)
            autosave_url = re.search(r'data-autosave-url="([^"]+)"', page.text).group(1)
            for question in questions:
                await asyncio.sleep(random.expovariate(1 / think))
                choice = str(random.randrange(4))
                await self.timed(
                    stats,
                    "autosave",
                    lambda question=question, choice=choice: client.post(
                        autosave_url,
                        content=json.dumps({"answers": {question: choice}}),
                        headers={**headers, "Content-Type": "application/json"},
                    ),
                    (200,),
                )
                stats.saved[(username, question)] = choice
            submit_url = attempt_url.rstrip("/") + "/submit/"
            await self.timed(stats, "submit", lambda: client.post(submit_url, headers=headers), (302,))

    # Report ----------------------------------------------------------------------------------------------

    def report(self, count: int, stats: Stats, elapsed: float, lost: int, ungraded: int) -> dict:
        def percentile(values: list[float], share: float) -> float:
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

        self.stdout.write(
            f"\n{count} students (logins over {self.ramp:.0f} s, start within {self.start_window:.0f} s): {stats.requests} requests in {elapsed:.1f} s ({stats.requests / elapsed:.1f} req/s), "
            f"errors: {sum(stats.errors.values())} {dict(stats.errors) or ''}, connection retries: {stats.retries}, "
            f"lost answers: {lost}, ungraded attempts: {ungraded}"
        )
        self.stdout.write(f"{'endpoint':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}")
        endpoints = {}
        for name, values in stats.latencies.items():
            queries = stats.queries.get(name) or [0]
            row = {
                "count": len(values),
                "p50": round(percentile(values, 0.50)),
                "p95": round(percentile(values, 0.95)),
                "p99": round(percentile(values, 0.99)),
                "queries": round(statistics.mean(queries), 1),
            }
            endpoints[name] = row
            self.stdout.write(
                f"{name:<14}{row['count']:>7}{row['p50']:>9}{row['p95']:>9}{row['p99']:>9}{row['queries']:>9}"
            )
        return {
            "students": count,
            "login_ramp_seconds": self.ramp,
            "start_window_seconds": self.start_window,
            "seconds": round(elapsed, 1),
            "requests_per_second": round(stats.requests / elapsed, 1),
            "errors": dict(stats.errors),
            "connection_retries": stats.retries,
            "lost_answers": lost,
            "ungraded_attempts": ungraded,
            "endpoints": endpoints,
        }
