"""The workspace's own admin pages (imports, enrolment, sign-in help, regrading, voiding), built one way.

Modelled on Django's ``UserAdmin.user_change_password``: the object comes
through the admin's queryset (another teacher's object is a 404, as on the
change page), the page checks the admin's view or change permission, the
form is wrapped in ``AdminForm`` so it renders in the admin's own fieldset
markup, and what the page changes is logged in the object's history.
"""

from collections.abc import Callable, Iterable

from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import translation


class AdminPagesMixin:
    """For a ``ModelAdmin``: register its own pages, fetch their object, render them in the admin's frame."""

    def page_urls(self, *pages: tuple[str, Callable, str]) -> list[URLPattern]:
        """``(route, view, name)`` as admin URLs named ``<app>_<model>_<name>``.

        ``admin_view`` asks for a staff sign-in and marks every page ``never_cache``
        (private, no-store), which the pages that show new passwords rely on.
        """
        return [
            path(route, self.admin_site.admin_view(view), name=f"{self.opts.app_label}_{self.opts.model_name}_{name}")
            for route, view, name in pages
        ]

    def get_page_object(self, request, object_id, *, permission: str = "change") -> Model:
        """The page's object, if the user may ``permission`` ("view" or "change") it; else 403, or 404 if not theirs."""
        obj = self.get_object(request, unquote(str(object_id)))
        if not getattr(self, f"has_{permission}_permission")(request, obj):
            raise PermissionDenied
        if obj is None:
            raise Http404
        return obj

    def admin_page(self, request, template: str, title, *, obj=None, form=None, **context) -> TemplateResponse:
        """Render ``template`` (which extends ``admin/tool_page.html``) with what the admin's own pages get.

        The object is ``original`` (as on the change page, so the breadcrumbs link to it),
        the form ``adminform`` (for ``admin/includes/page_form.html``) with its ``media``.
        """
        request.current_app = self.admin_site.name
        page_context = {**self.admin_site.each_context(request), "title": title, "opts": self.opts, "original": obj}
        if form is not None:
            page_context |= {
                "form": form,
                "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
                "media": form.media,
            }
        return TemplateResponse(request, template, page_context | context)


def changed_fields_message(model: type[Model] | Model, *field_names: str) -> list[dict]:
    """A history entry "Changed <fields>." in Django's own format: stored untranslated, read in the reader's language."""
    with translation.override(None):
        fields = [str(model._meta.get_field(name).verbose_name) for name in field_names]
    return [{"changed": {"fields": fields}}]


def added_objects_message(objects: Iterable[Model]) -> list[dict]:
    """History entries "Added <model> “<object>”." in Django's own format, as the change page's inlines write them."""
    with translation.override(None):
        return [{"added": {"name": str(obj._meta.verbose_name), "object": str(obj)}} for obj in objects]
