"""Keep derived data in step with glossary edits made anywhere (admin, import, shell).

An alias or definition changes the entry's search text; any glossary change
bumps ``Course.glossary_changed_at``, which is part of the cache key of
lecture pages with linked terms, so they are re-rendered.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from glossary.models import Alias, Definition, Entry, EntryLecture


def _glossary_changed(course_id: int) -> None:
    from courses.models import Course

    Course.objects.filter(pk=course_id).update(glossary_changed_at=timezone.now())


@receiver([post_save, post_delete], sender=Entry)
def entry_changed(sender, instance: Entry, **kwargs) -> None:
    _glossary_changed(instance.course_id)


@receiver([post_save, post_delete], sender=Alias)
@receiver([post_save, post_delete], sender=Definition)
def entry_text_changed(sender, instance, **kwargs) -> None:
    entry = Entry.objects.filter(pk=instance.entry_id).only("pk", "term", "course_id").first()
    if entry is None:  # the entry itself is being deleted
        return
    entry.refresh_search_text()
    _glossary_changed(entry.course_id)


@receiver([post_save, post_delete], sender=EntryLecture)
def lecture_link_changed(sender, instance: EntryLecture, **kwargs) -> None:
    course_id = Entry.objects.filter(pk=instance.entry_id).values_list("course_id", flat=True).first()
    if course_id:
        _glossary_changed(course_id)
