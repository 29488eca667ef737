"""The quizzes on a course page: courses' ``course_detail.html`` loads this, as courses cannot import quizzes.

``{% course_quizzes course show_drafts=is_teacher %}`` lists the course's
quizzes by opening time (published ones only unless ``show_drafts``), or
nothing when there are none. One query.
"""

from django import template

from quizzes.models import Quiz

register = template.Library()


@register.inclusion_tag("quizzes/course_quizzes.html")
def course_quizzes(course, show_drafts: bool = False) -> dict:
    quizzes = Quiz.objects.filter(course=course).order_by("opens_at", "pk")
    if not show_drafts:
        quizzes = quizzes.filter(is_published=True)
    return {"course": course, "quizzes": quizzes}
