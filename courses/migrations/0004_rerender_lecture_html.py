"""Render every lecture and section again with the sanitiser that drops documents' class and id attributes."""

from django.db import migrations
from django.utils import timezone


def rerender(apps, schema_editor):
    from courses.rendering import render_markdown

    Lecture = apps.get_model("courses", "Lecture")
    Section = apps.get_model("courses", "Section")
    now = timezone.now()
    for lecture in Lecture.objects.select_related("course").iterator():
        lecture.body_html = render_markdown(lecture.body, lecture.course.language)
        lecture.updated_at = now  # part of the cache key of linked lecture HTML
        lecture.save(update_fields=["body_html", "updated_at"])
    for section in Section.objects.select_related("lecture__course").iterator():
        section.body_html = render_markdown(section.body, section.lecture.course.language)
        section.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_trust")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
