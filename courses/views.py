"""Student-facing pages: the dashboard, a course, a lecture, joining by code.

What the apps above courses add to these pages (a lecture's linked glossary
terms and key terms, a course's quizzes) comes from their template tags,
loaded by the templates: courses imports no other app.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import access, audit, throttling
from courses.login import local_time
from courses.models import Course, Enrollment, PlanItem


def home(request):
    """Front page: a welcome for visitors, the list of my courses for everyone logged in."""
    courses = []
    if request.user.is_authenticated:
        courses = (
            access.visible_courses(request.user)
            .annotate(published_lectures=Count("lectures", filter=Q(lectures__is_published=True), distinct=True))
            .order_by("title")
        )
    return render(request, "courses/home.html", {"courses": courses})


def _visible_course(request, slug: str) -> Course:
    """The course if this user may see it; a 404 otherwise, so nothing leaks."""
    return get_object_or_404(access.visible_courses(request.user).prefetch_related("teachers"), slug=slug)


@login_required
def course_detail(request, slug: str):
    course = _visible_course(request, slug)
    lectures = access.visible_lectures(request.user, course).only(
        "course_id", "position", "title", "slug", "is_published", "goal"
    )
    is_teacher = access.teaches(request.user, course)
    # The quiz list comes from quizzes' {% course_quizzes %} tag.
    return render(
        request,
        "courses/course_detail.html",
        {"course": course, "lectures": lectures, "is_teacher": is_teacher},
    )


@login_required
def lecture_detail(request, slug: str, lecture_slug: str):
    course = _visible_course(request, slug)
    lecture = get_object_or_404(
        access.visible_lectures(request.user, course).prefetch_related(
            "sections", Prefetch("plan_items", queryset=PlanItem.objects.select_related("section"))
        ),
        slug=lecture_slug,
    )
    # The body with glossary terms linked, and the key terms, come from glossary's template tags
    # ({% linked_lecture %}, {% lecture_key_terms %}), which read the prefetched sections.
    return render(request, "courses/lecture_detail.html", {"course": course, "lecture": lecture})


@login_required
@require_POST
def join_course(request):
    """Join a course by its code; wrong codes are counted, so codes cannot be guessed by trying."""
    pause = throttling.join_code_pause(request)
    if pause:
        messages.error(
            request, _("Too many wrong codes. Try again after %(time)s.") % {"time": local_time(pause.until)}
        )
        return redirect("home")
    code = request.POST.get("code", "").strip().upper()[:16]
    course = Course.objects.filter(join_code=code, is_published=True).first() if code else None
    if course is None:
        throttling.record_join_code_failure(request)
        messages.error(request, _("No open course has this code. Check it with your teacher."))
        return redirect("home")
    if request.user.is_staff:
        messages.info(request, _("Teachers are added to a course by its owner in the teacher's workspace."))
        return redirect("home")
    enrollment, created = Enrollment.objects.get_or_create(course=course, student=request.user)
    if created:
        audit.record(request.user, audit.Event.ENROLLED, enrollment, course=course, after={"joined with code": True})
        messages.success(request, _("You have joined “%(course)s”.") % {"course": course.title})
    return redirect(course)
