"""Admin actions any teaching model shares: publish and hide, for a model with ``is_published``.

Put them in a ``ModelAdmin``'s ``actions`` list: ``actions = [publish, unpublish]``.
"""

from django.contrib import admin, messages
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.admin_pages import changed_fields_message


@admin.action(permissions=["change"], description=gettext_lazy("Publish selected %(verbose_name_plural)s"))
def publish(modeladmin, request, queryset):
    count = set_published(modeladmin, request, queryset, published=True)
    message = _("%(items)s published: %(count)d.")
    modeladmin.message_user(request, message % _counted(modeladmin, count), messages.SUCCESS)


@admin.action(permissions=["change"], description=gettext_lazy("Hide selected %(verbose_name_plural)s from students"))
def unpublish(modeladmin, request, queryset):
    count = set_published(modeladmin, request, queryset, published=False)
    message = _("%(items)s hidden from students: %(count)d.")
    modeladmin.message_user(request, message % _counted(modeladmin, count), messages.SUCCESS)


def set_published(modeladmin, request, queryset, *, published: bool) -> int:
    """Publish or hide the selected objects the user may change; returns how many changed.

    Each one is saved, not bulk-updated, so its signals run (a glossary entry's
    refresh the linked lecture pages) and its history shows who changed it.
    """
    count = 0
    for obj in queryset.filter(is_published=not published):
        if not modeladmin.has_change_permission(request, obj):
            continue
        obj.is_published = published
        obj.save(update_fields=["is_published"])
        modeladmin.log_change(request, obj, changed_fields_message(obj, "is_published"))
        count += 1
    return count


def _counted(modeladmin, count: int) -> dict:
    return {"items": capfirst(modeladmin.opts.verbose_name_plural), "count": count}
