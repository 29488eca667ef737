"""Glossary in the teacher's workspace: entries of the teacher's own courses only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import access
from courses.admin import TaughtCoursesMixin
from courses.admin_actions import publish, unpublish
from courses.admin_pages import AdminPagesMixin
from courses.models import Course, Lecture
from courses.text import normalize
from glossary import search as glossary_search
from glossary.exchange import GlossaryFileError, export_csv, import_glossary, parse_glossary_csv
from glossary.models import Alias, Definition, Entry


class AliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE") or not form.cleaned_data.get("text"):
                continue
            key = normalize(form.cleaned_data["text"])
            if key in seen:
                form.add_error("text", _("This alias is listed twice."))
            seen.add(key)


class AliasInline(admin.TabularInline):
    model = Alias
    formset = AliasFormSet
    extra = 1
    fields = ["text"]


class DefinitionInline(TaughtCoursesMixin, admin.StackedInline):
    model = Definition
    course_lookup = "entry__course"
    extra = 0
    fields = ["position", "text", "source", "lecture"]


class NeedsDefinitionFilter(admin.SimpleListFilter):
    title = gettext_lazy("definition")
    parameter_name = "needs_definition"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("needs a definition")), ("no", gettext_lazy("has a definition"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(definition_count=0)
        if self.value() == "no":
            return queryset.filter(definition_count__gt=0)
        return queryset


class LectureFilter(admin.SimpleListFilter):
    title = gettext_lazy("lecture")
    parameter_name = "lecture"

    def lookups(self, request, model_admin):
        lectures = access.in_taught_courses(Lecture.objects.all(), request.user).select_related("course")
        return [(lecture.pk, f"{lecture.course} – {lecture.title}") for lecture in lectures]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters  # the admin shows the list again without the filter
        return queryset.filter(lectures=self.value())


class GlossaryImportForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.none(), label=gettext_lazy("Course"))
    glossary_file = forms.FileField(
        label=gettext_lazy("Glossary (CSV)"),
        help_text=gettext_lazy(
            "Columns: term, aliases (separated by |), definition, source, category — as the export writes them."
        ),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses

    def clean_glossary_file(self):
        upload = self.cleaned_data["glossary_file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": 5})
        try:
            return parse_glossary_csv(upload.read())
        except GlossaryFileError as error:
            raise forms.ValidationError(error.messages()) from None


@admin.register(Entry)
class EntryAdmin(AdminPagesMixin, TaughtCoursesMixin, admin.ModelAdmin):
    list_display = ["term", "alias_list", "course", "definition_total", "is_published"]
    list_filter = [("course", admin.RelatedOnlyFieldListFilter), LectureFilter, NeedsDefinitionFilter, "is_published"]
    search_fields = ["term"]
    fields = ["course", "term", "slug", "category", "is_published"]
    prepopulated_fields = {"slug": ["term"]}
    inlines = [AliasInline, DefinitionInline]
    actions = ["export_selected", publish, unpublish]
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("course")
            .prefetch_related("aliases")
            .annotate(definition_count=Count("definitions", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        """Kazakh-aware search (case, inflection, aliases, definitions) instead of LIKE on raw text."""
        if not search_term.strip():
            return queryset, False
        return glossary_search.search(queryset, search_term), False

    @admin.display(description=gettext_lazy("aliases"))
    def alias_list(self, entry):
        return ", ".join(alias.text for alias in entry.aliases.all())

    @admin.display(description=gettext_lazy("definitions"), ordering="definition_count")
    def definition_total(self, entry):
        return entry.definition_count or _("needs a definition")

    @admin.action(description=gettext_lazy("Export selected entries to CSV"))
    def export_selected(self, request, queryset):
        entries = queryset.order_by("course", "sort_key").prefetch_related(
            "aliases", Prefetch("definitions", queryset=Definition.objects.order_by("position", "pk"))
        )
        courses = {entry.course.slug for entry in entries}
        name = courses.pop() if len(courses) == 1 else "glossary"
        response = HttpResponse(export_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-glossary-{timezone.localdate().isoformat()}.csv"'
        )
        return response

    def get_urls(self):
        return [*self.page_urls(("import/", self.import_view, "import")), *super().get_urls()]

    def import_view(self, request):
        """Import a CSV glossary into a taught course; it changes many entries, so the course's history records it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GlossaryImportForm(
            request.POST or None, request.FILES or None, courses=access.taught_courses(request.user)
        )
        if request.method == "POST" and form.is_valid():
            course = form.cleaned_data["course"]
            report = import_glossary(course, form.cleaned_data["glossary_file"])
            summary = _("%(created)d entries added, %(updated)d entries updated.") % {
                "created": report.created,
                "updated": report.updated,
            }
            self.log_change(request, course, summary)
            self.message_user(request, summary, messages.SUCCESS)
            return redirect("admin:glossary_entry_changelist")
        return self.admin_page(request, "admin/glossary/entry/import.html", _("Import a glossary"), form=form)
