"""``manage.py bench_gradebook``: time the gradebook export and page on a synthetic course.

Writes thousands of rows, so it runs only on a database whose name contains
"bench" (``make bench`` creates a throwaway one).
"""

import random
import resource
import time
import tracemalloc
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course, Enrollment
from quizzes import gradebook_views
from quizzes.models import Attempt, Quiz

BATCH = 5000


class Command(BaseCommand):
    help = "Build a synthetic course in a throwaway database and measure gradebook export and page speed."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=5000)
        parser.add_argument("--quizzes", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, students: int, quizzes: int, seed: int, **options):
        if "bench" not in str(connection.settings_dict["NAME"]):
            raise CommandError("Refusing to write benchmark data: the database name must contain 'bench'.")
        rng = random.Random(seed)
        started = time.perf_counter()
        course, teacher = self.build(students, quizzes, rng)
        self.stdout.write(
            f"Built {students} students × {quizzes} quizzes, {Attempt.objects.count()} attempts in {time.perf_counter() - started:.1f} s"
        )

        factory = RequestFactory()
        request = factory.get(f"/courses/{course.slug}/gradebook/export/")
        request.user = teacher

        def export() -> int:
            response = gradebook_views.course_gradebook_export(request, course.slug)
            return sum(len(chunk) for chunk in response.streaming_content)

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            size = export()
        elapsed = time.perf_counter() - started
        tracemalloc.start()  # a second run: tracing slows Python down, so it is not timed
        export()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.stdout.write(
            f"CSV export: {elapsed:.2f} s, {students / elapsed:,.0f} rows/s, {size / 1e6:.1f} MB, "
            f"peak Python memory {peak / 1e6:.1f} MB, {len(queries)} queries, "
            f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

        page_request = factory.get(f"/courses/{course.slug}/gradebook/")
        page_request.user = teacher
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                gradebook_views.course_gradebook(page_request, course.slug)
            timings.append(time.perf_counter() - started)
        self.stdout.write(
            f"Gradebook page (50 students): median {sorted(timings)[2] * 1000:.0f} ms, {len(queries)} queries"
        )

    def build(self, students: int, quizzes: int, rng: random.Random):
        User = get_user_model()
        teacher, _created = User.objects.get_or_create(username="bench-teacher", defaults={"is_staff": True})
        course, _created = Course.objects.get_or_create(slug="bench", defaults={"title": "Bench", "is_published": True})
        course.teachers.add(teacher)
        if course.enrollments.exists():
            return course, teacher
        people = []
        for number in range(students):
            user = User(
                username=f"s{number:05d}", full_name=f"Студент {rng.choice('АӘБҒҚҰҮІ')}{number:05d}", password="!"
            )
            user.fill_name_keys()
            people.append(user)
        User.objects.bulk_create(people, batch_size=BATCH)
        people = list(User.objects.filter(username__startswith="s").order_by("pk"))
        Enrollment.objects.bulk_create((Enrollment(course=course, student=user) for user in people), batch_size=BATCH)
        quiz_list = Quiz.objects.bulk_create(
            Quiz(
                course=course,
                title=f"Тест {number + 1}",
                is_published=True,
                grading_method=rng.choice(["highest", "average", "last"]),
            )
            for number in range(quizzes)
        )
        now = timezone.now()
        batch = []
        for user in people:
            for quiz in quiz_list:
                if rng.random() < 0.8:
                    for attempt_number in range(1, rng.choice([1, 1, 2]) + 1):
                        batch.append(
                            Attempt(
                                quiz=quiz,
                                student=user,
                                number=attempt_number,
                                state=Attempt.State.SUBMITTED,
                                score=Decimal(rng.randint(0, 20)),
                                max_score=Decimal(20),
                                submitted_at=now,
                            )
                        )
                if len(batch) >= BATCH:
                    Attempt.objects.bulk_create(batch)
                    batch = []
        Attempt.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load; SQLite accepts it too
        return course, teacher
