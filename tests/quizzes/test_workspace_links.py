"""Links both ways between the workspace (admin) and the teacher's pages on the site, followed as a teacher would."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from quizzes.models import Quiz
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], slug="local-gov", title="Жергілікті басқару")


@pytest.fixture
def quiz(course):
    return Quiz.objects.create(course=course, title="Бақылау тесті", is_published=True)


def follow(client, response, selector: str):
    """Open the link ``selector`` finds on the page (following redirects) and return the page it leads to."""
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").select_one(selector)
    assert link is not None, f"no link {selector}"
    return client.get(link["href"], follow=True)


def object_tools_link(url: str) -> str:
    return f'.object-tools a[href="{url}"]'


def test_the_course_change_page_leads_to_its_gradebook_and_its_page_for_students(teacher_client, course):
    change_page = teacher_client.get(reverse("admin:courses_course_change", args=[course.pk]))
    gradebook = follow(teacher_client, change_page, object_tools_link(reverse("quizzes:gradebook", args=[course.slug])))
    assert gradebook.status_code == 200
    assert gradebook.templates[0].name == "quizzes/gradebook.html" and gradebook.context["course"] == course
    student_page = follow(teacher_client, change_page, ".object-tools a.viewsitelink")
    assert student_page.request["PATH_INFO"] == course.get_absolute_url()
    assert student_page.status_code == 200 and student_page.context["course"] == course


def test_the_quiz_change_page_leads_to_its_results(teacher_client, quiz):
    change_page = teacher_client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk]))
    results_url = reverse("quizzes:results", args=[quiz.course.slug, quiz.pk])
    results = follow(teacher_client, change_page, object_tools_link(results_url))
    assert results.status_code == 200 and results.context["quiz"] == quiz


def test_the_gradebook_leads_back_to_the_course_in_the_workspace(teacher_client, course):
    gradebook = teacher_client.get(reverse("quizzes:gradebook", args=[course.slug]))
    change_page = follow(teacher_client, gradebook, "#edit-in-workspace")
    assert change_page.status_code == 200 and change_page.context["original"] == course


def test_the_results_lead_back_to_the_quiz_in_the_workspace(teacher_client, quiz):
    results = teacher_client.get(reverse("quizzes:results", args=[quiz.course.slug, quiz.pk]))
    change_page = follow(teacher_client, results, "#edit-in-workspace")
    assert change_page.status_code == 200 and change_page.context["original"] == quiz


def test_only_the_courses_teachers_see_the_pages_with_workspace_links(client, course, quiz, student):
    for outsider in (student, make_user("teacher")):
        client.force_login(outsider)
        assert client.get(reverse("quizzes:gradebook", args=[course.slug])).status_code == 404
        assert client.get(reverse("quizzes:results", args=[course.slug, quiz.pk])).status_code == 404
