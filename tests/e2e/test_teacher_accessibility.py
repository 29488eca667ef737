"""axe finds nothing serious on the teacher's pages: the workspace and the gradebook side of the site."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import assert_accessible, log_in_teacher

# Django's own admin markup, left out of the check on Django's pages (ours are checked whole):
DJANGO_ADMIN_MARKUP = (
    ".breadcrumbs",  # the admin's breadcrumbs tell links from text by a faint colour only (link-in-text-block)
    ".tabular",  # tabular inlines label their inputs by column header only, and their "View on site" by colour
)


@pytest.mark.parametrize("name", ["admin index", "course change", "lecture import", "gradebook", "quiz results"])
def test_teacher_pages_are_accessible(page, demo, name):
    course, quiz = demo
    url, exclude = {
        "admin index": (reverse("admin:index"), ()),
        "course change": (reverse("admin:courses_course_change", args=[course.pk]), DJANGO_ADMIN_MARKUP),
        "lecture import": (reverse("admin:courses_lecture_import"), ()),
        "gradebook": (reverse("quizzes:gradebook", args=[course.slug]), ()),
        "quiz results": (reverse("quizzes:results", args=[course.slug, quiz.pk]), ()),
    }[name]
    log_in_teacher(page)
    page.goto(url)
    assert_accessible(page, exclude=exclude)
