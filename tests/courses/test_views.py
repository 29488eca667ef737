"""Student pages: who may see what, what a lecture page shows, and a constant number of queries."""

import pytest
from django.urls import reverse

from courses.models import Enrollment
from tests.factories import make_course, make_lecture, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], title="Жергілікті басқару", join_code="JOIN2026")


@pytest.fixture
def lecture(course):
    return make_lecture(course, title="Жергілікті өзін-өзі басқару")


def lecture_url(lecture):
    return reverse("courses:lecture", args=[lecture.course.slug, lecture.slug])


class TestAccess:
    def test_anonymous_visitors_are_sent_to_log_in(self, client, lecture):
        for url in (lecture.course.get_absolute_url(), lecture_url(lecture)):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_enrolled_student_reads_published_lectures(self, student_client, lecture):
        assert student_client.get(lecture.course.get_absolute_url()).status_code == 200
        assert student_client.get(lecture_url(lecture)).status_code == 200

    def test_student_of_another_course_gets_404_not_a_leak(self, client, lecture):
        client.force_login(make_user("student"))
        assert client.get(lecture.course.get_absolute_url()).status_code == 404
        assert client.get(lecture_url(lecture)).status_code == 404

    def test_unpublished_lecture_is_invisible_to_students_but_not_to_teachers(self, client, course, student, teacher):
        draft = make_lecture(course, published=False, title="Жоба")
        client.force_login(student)
        assert client.get(lecture_url(draft)).status_code == 404
        assert "Жоба" not in client.get(course.get_absolute_url()).content.decode()
        client.force_login(teacher)
        assert client.get(lecture_url(draft)).status_code == 200
        assert "Жоба" in client.get(course.get_absolute_url()).content.decode()

    def test_unpublished_course_is_invisible_to_its_students(self, client, course, student, lecture):
        course.is_published = False
        course.save()
        client.force_login(student)
        assert client.get(course.get_absolute_url()).status_code == 404
        assert client.get(lecture_url(lecture)).status_code == 404
        assert course.title not in client.get(reverse("home")).content.decode()

    def test_teacher_of_another_course_gets_404(self, client, lecture):
        client.force_login(make_user("teacher"))
        assert client.get(lecture_url(lecture)).status_code == 404

    def test_superuser_sees_every_course(self, admin_client, lecture):
        assert admin_client.get(lecture_url(lecture)).status_code == 200


class TestDashboard:
    def test_lists_my_courses_only(self, student_client, course):
        make_course(title="Бөтен курс")
        page = student_client.get(reverse("home")).content.decode()
        assert "Жергілікті басқару" in page and "Бөтен курс" not in page

    def test_join_with_a_code(self, client, course):
        newcomer = make_user("student")
        client.force_login(newcomer)
        response = client.post(reverse("courses:join"), {"code": " join2026 "})
        assert response.status_code == 302 and response.url == course.get_absolute_url()
        assert Enrollment.objects.filter(course=course, student=newcomer).exists()
        client.post(reverse("courses:join"), {"code": "JOIN2026"})
        assert Enrollment.objects.filter(course=course, student=newcomer).count() == 1, "a double click enrols once"

    def test_a_wrong_code_explains_and_enrols_nothing(self, client, course):
        newcomer = make_user("student")
        client.force_login(newcomer)
        response = client.post(reverse("courses:join"), {"code": "NOPE"}, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
        assert not Enrollment.objects.filter(student=newcomer).exists()

    def test_code_of_an_unpublished_course_does_not_work(self, client, course):
        course.is_published = False
        course.save()
        newcomer = make_user("student")
        client.force_login(newcomer)
        client.post(reverse("courses:join"), {"code": "JOIN2026"})
        assert not Enrollment.objects.filter(student=newcomer).exists()

    def test_join_needs_post(self, student_client):
        assert student_client.get(reverse("courses:join")).status_code == 405


class TestLecturePage:
    def test_plan_links_to_sections_goal_and_key_terms(self, student_client, lecture):
        page = student_client.get(lecture_url(lecture)).content.decode()
        section = lecture.sections.first()
        assert f'href="#{section.anchor}"' in page and f'id="{section.anchor}"' in page
        assert "Студенттерге негіздерді түсіндіру" in page
        assert "әкім" in page
        assert '<p lang="kk">Мәтін <strong>1</strong>.</p>' in page
        assert 'media="print"' in page

    def test_seed_lecture_page_shows_russian_passages_as_russian(self, student_client, course, seed_lecture):
        from courses.importing import parse_lecture, save_lecture

        lecture = save_lecture(parse_lecture("seed.txt", seed_lecture), course=course, title="Seed")
        lecture.is_published = True
        lecture.save()
        page = student_client.get(lecture_url(lecture)).content.decode()
        assert '<li lang="ru">Екінші кезең (1997-2007 жж.). Социальное государство' in page
        assert 'id="def-3-1"' in page
        assert "bookmark" not in page

    @pytest.mark.parametrize("sections", [1, 12])
    def test_constant_number_of_queries(self, student_client, course, sections, django_assert_max_num_queries):
        lecture = make_lecture(course, sections=sections)
        with django_assert_max_num_queries(11):  # first view: builds the glossary linker
            assert student_client.get(lecture_url(lecture)).status_code == 200
        with django_assert_max_num_queries(9):  # later views: linked HTML from the cache
            assert student_client.get(lecture_url(lecture)).status_code == 200

    @pytest.mark.parametrize("lectures", [1, 15])
    def test_course_page_constant_queries(self, student_client, course, lectures, django_assert_max_num_queries):
        for _ in range(lectures):
            make_lecture(course, sections=1)
        with django_assert_max_num_queries(6):
            assert student_client.get(course.get_absolute_url()).status_code == 200

    def test_dashboard_constant_queries(self, student_client, student, django_assert_max_num_queries):
        for _ in range(10):
            make_lecture(make_course(students=[student]), sections=1)
        with django_assert_max_num_queries(5):
            assert student_client.get(reverse("home")).status_code == 200


def test_join_codes_ignore_case_and_cannot_be_taken_twice(db, teacher):
    from django.core.exceptions import ValidationError

    first = make_course(teachers=[teacher], join_code="demo2026")
    assert first.join_code == "DEMO2026"
    second = make_course(teachers=[teacher])
    second.join_code = "Demo2026"
    with pytest.raises(ValidationError):
        second.full_clean()


def test_course_address_cannot_shadow_a_site_page(db):
    from django.core.exceptions import ValidationError

    course = make_course(slug="join")
    with pytest.raises(ValidationError):
        course.full_clean()
