"""Bring data from before the access rules in line with them.

Until now a teacher could add any account to a course from a list of all
accounts, so an old enrolment proves nothing about who looks after the
account: only the enrolment the account was created with (within an hour of
the account) keeps the course's teachers' right to reset its password. Join
codes chosen before the strength check are replaced by generated ones; the
course page shows the new code.
"""

from datetime import timedelta

from django.db import migrations


def apply_rules(apps, schema_editor):
    from courses.codes import join_code_problem, new_join_code

    Enrollment = apps.get_model("courses", "Enrollment")
    Course = apps.get_model("courses", "Course")
    created_with = {}
    for enrollment in Enrollment.objects.select_related("student").order_by("student_id", "enrolled_at", "pk"):
        if enrollment.student_id not in created_with:
            joined = enrollment.student.date_joined
            close = abs(enrollment.enrolled_at - joined) <= timedelta(hours=1)
            created_with[enrollment.student_id] = enrollment.pk if close else None
    Enrollment.objects.exclude(pk__in=[pk for pk in created_with.values() if pk]).update(added_existing=True)
    for course in Course.objects.exclude(join_code=None):
        if join_code_problem(course.join_code):
            course.join_code = new_join_code()
            course.save(update_fields=["join_code"])


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_failure_time_index")]

    operations = [migrations.RunPython(apply_rules, migrations.RunPython.noop)]
