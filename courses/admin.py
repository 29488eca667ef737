"""The teacher's workspace: courses, lectures, enrolments, lecture import.

Teachers see and change only the courses they teach, the lectures of those
courses and their students: every queryset, form choice and object
permission below asks ``courses.access``. Superusers see everything.
"""

import csv
import io
from pathlib import Path

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import access, actions, audit, throttling
from courses.admin_actions import publish, unpublish
from courses.admin_pages import AdminPagesMixin, added_objects_message, changed_fields_message
from courses.forms import EnrolFromCsvForm, EnrollmentForm, ImportConfirmForm, LectureUploadForm
from courses.importing import ImportRejected, parse_lecture, save_lecture
from courses.models import Course, Enrollment, ImportDraft, Lecture, PlanItem, Section, User
from courses.people import StudentFileError, import_students
from courses.roles import TEACHERS_GROUP
from courses.spreadsheets import safe_cell


@admin.register(User)
class UserAdmin(AdminPagesMixin, DjangoUserAdmin):
    """Administrators manage every account; teachers look up only their own students (``courses.access``)."""

    list_display = ("username", "full_name", "email", "is_staff", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Personal info"), {"fields": ("full_name", "email")}),
        (
            gettext_lazy("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )
    teacher_fieldsets = ((None, {"fields": ("username", "full_name", "email", "is_active")}),)

    def get_queryset(self, request):
        return access.visible_people(request.user).order_by(*self.get_ordering(request))

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not access.is_administrator(request.user):
            return self.teacher_fieldsets
        return super().get_fieldsets(request, obj)

    def get_list_display(self, request):
        if access.is_administrator(request.user):
            return self.list_display
        return ("username", "full_name", "email", "is_active")

    def get_list_filter(self, request):
        return self.list_filter if access.is_administrator(request.user) else ()

    def get_urls(self):
        return [*self.page_urls(("<int:user_id>/account/", self.account_view, "account")), *super().get_urls()]

    def user_change_password(self, request, id, form_url=""):
        """Django's own password page (administrators only): also lifts a sign-in pause, and is audited."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            actions.password_was_set(
                self.get_object(request, id), acting_user=request.user, how="typed by an administrator"
            )
        return response

    def account_view(self, request, user_id: int):
        """Sign-in help for one person: lift a login pause, or set a new random password (campuses have no mail).

        Teachers only view accounts (the user form could grant superuser rights), so the page asks
        for view permission and ``access.can_manage_account`` decides who may act on it.
        """
        person = self.get_page_object(request, user_id, permission="view")
        allowed = access.can_manage_account(request.user, person)
        new_password = None
        if request.method == "POST":
            if not allowed:
                raise PermissionDenied
            if "unlock" in request.POST:
                actions.lift_login_pause(person, acting_user=request.user)
                self.log_change(request, person, _("The sign-in pause was lifted."))
                self.message_user(request, _("The sign-in pause was lifted."), messages.SUCCESS)
                return redirect(request.get_full_path())
            new_password = actions.set_new_password(person, acting_user=request.user)
            self.log_change(request, person, changed_fields_message(person, "password"))
        return self.admin_page(
            request,
            "admin/courses/user/account.html",
            _("Sign-in and password: %(name)s") % {"name": person.get_full_name()},
            obj=person,
            person=person,
            allowed=allowed,
            pause=throttling.current_pause(person.get_username()),
            new_password=new_password,
        )


class TaughtCoursesMixin:
    """Limit an admin to objects of courses the user teaches (``course_lookup`` from the model)."""

    course_lookup = "course"

    def get_queryset(self, request):
        return access.in_taught_courses(super().get_queryset(request), request.user, self.course_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course":
            kwargs["queryset"] = access.taught_courses(request.user)
        elif db_field.name == "lecture":
            kwargs["queryset"] = access.in_taught_courses(Lecture.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EnrollmentInline(admin.TabularInline):
    """Students of the course. A new row takes an exact username: nobody browses the directory of accounts."""

    model = Enrollment
    form = EnrollmentForm
    extra = 0
    fields = ["username", "full_name", "group", "enrolled_at", "account_link"]
    readonly_fields = ["full_name", "enrolled_at", "account_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.acting_user = request.user
        return formset

    @admin.display(description=gettext_lazy("full name"))
    def full_name(self, enrollment):
        return enrollment.student.full_name if enrollment.pk else ""

    @admin.display(description=gettext_lazy("sign-in"))
    def account_link(self, enrollment):
        if not enrollment.pk:
            return ""
        url = reverse("admin:courses_user_account", args=[enrollment.student_id])
        return format_html('<a href="{}">{}</a>', url, _("Password and sign-in"))


class LectureInline(admin.TabularInline):
    model = Lecture
    extra = 0
    fields = ["position", "title", "is_published", "edit_link"]
    readonly_fields = ["edit_link"]
    ordering = ["position"]
    show_change_link = True

    @admin.display(description=gettext_lazy("open"))
    def edit_link(self, lecture):
        if not lecture.pk:
            return ""
        return format_html('<a href="{}">{}</a>', lecture.get_absolute_url(), _("View as a student"))

    def has_add_permission(self, request, obj=None):
        return False  # lectures are added by import or on the lecture page


@admin.register(Course)
class CourseAdmin(AdminPagesMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "language", "is_published", "student_count", "lecture_count"]
    list_filter = ["is_published", "language"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["teachers"]
    inlines = [LectureInline, EnrollmentInline]
    actions = [publish, unpublish, "export_gradebook"]

    def get_queryset(self, request):
        return access.taught_courses(request.user).annotate(
            students=Count("enrollments", distinct=True), lecture_total=Count("lectures", distinct=True)
        )

    @admin.display(description=gettext_lazy("students"), ordering="students")
    def student_count(self, course):
        return course.students

    @admin.display(description=gettext_lazy("lectures"), ordering="lecture_total")
    def lecture_count(self, course):
        return course.lecture_total

    def get_readonly_fields(self, request, obj=None):
        # Who teaches a course is the administrator's decision: it gives rights over its students.
        return self.readonly_fields if access.is_administrator(request.user) else ["teachers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teachers":
            kwargs["queryset"] = User.objects.filter(is_staff=True, groups__name=TEACHERS_GROUP).order_by("full_name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not access.is_administrator(request.user):
            # A teacher never locks themselves out of the course they are editing.
            form.instance.teachers.add(request.user)

    def save_formset(self, request, form, formset, change):
        """Enrolment changes made on the course page go to the audit trail."""
        if formset.model is not Enrollment:
            return super().save_formset(request, form, formset, change)
        # Read from the database: the formset's own objects already hold the posted values.
        before = {
            pk: {"student": username, "group": group}
            for pk, username, group in Enrollment.objects.filter(course=form.instance).values_list(
                "pk", "student__username", "group"
            )
        }
        for deleted in formset.deleted_forms:  # recorded while the enrolment still exists
            if deleted.instance.pk:
                actions.record_unenrolment(deleted.instance, acting_user=request.user)
        saved = formset.save()
        for enrollment in saved:
            if enrollment.pk in before:
                actions.record_enrolment_change(enrollment, before[enrollment.pk], acting_user=request.user)
            else:
                actions.record_enrolments([enrollment], acting_user=request.user, course=form.instance)
        return saved

    @admin.action(description=gettext_lazy("Download the gradebook (CSV)"))
    def export_gradebook(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one course to download its gradebook."), messages.WARNING)
            return None
        return redirect("quizzes:gradebook_export", queryset.get().slug)

    def get_urls(self):
        return [*self.page_urls(("<int:course_id>/enrol-csv/", self.enrol_from_csv, "enrol_csv")), *super().get_urls()]

    def enrol_from_csv(self, request, course_id: int):
        """Enrol a class list; new accounts' passwords come back as a CSV download, once."""
        course = self.get_page_object(request, course_id)
        form = EnrolFromCsvForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = import_students(
                    form.cleaned_data["class_list"],
                    update_existing=False,
                    course=course,
                    by_teacher=not access.is_administrator(request.user),
                )
            except StudentFileError as error:
                form.add_error("class_list", error.messages())
            else:
                actions.record_enrolments(report.enrollments, acting_user=request.user, course=course)
                if report.enrollments:
                    self.log_change(request, course, added_objects_message(report.enrollments))
                return self.admin_page(
                    request,
                    "admin/courses/course/enrol_done.html",
                    _("Students enrolled"),
                    obj=course,
                    course=course,
                    report=report,
                    credentials_csv=_credentials_csv(report.created),
                    file_name=f"{course.slug}-new-accounts-{timezone.localdate().isoformat()}.csv",
                )
        return self.admin_page(
            request,
            "admin/courses/course/enrol_csv.html",
            _("Enrol students from a class list"),
            obj=course,
            form=form,
            course=course,
        )


def _credentials_csv(created) -> str:
    """New accounts as CSV with ';' (what Excel expects in Kazakh and Russian settings) and a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("username"), _("full name"), _("password")])
    writer.writerows((safe_cell(row.username), safe_cell(row.full_name), password) for row, password in created)
    return "\ufeff" + buffer.getvalue()


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "title", "anchor", "body"]
    ordering = ["position"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["position", "title", "section"]
    ordering = ["position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            lecture_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(lecture_id=lecture_id) if lecture_id else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# What an import writes into a lecture it replaces (with its sections and plan), for the lecture's history.
IMPORTED_FIELDS = ("title", "goal", "body", "key_terms", "definitions", "source_name")


@admin.register(Lecture)
class LectureAdmin(AdminPagesMixin, TaughtCoursesMixin, admin.ModelAdmin):
    list_display = ["title", "course", "position", "is_published", "updated_at"]
    list_filter = ["is_published", ("course", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["course"]
    search_fields = ["title", "goal", "course__title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PlanItemInline, SectionInline]
    readonly_fields = ["source_name", "key_term_list", "definition_list"]
    fields = [
        "course",
        "position",
        "title",
        "slug",
        "is_published",
        "link_glossary_terms",
        "goal",
        "body",
        *readonly_fields,
    ]

    @admin.display(description=gettext_lazy("key terms"))
    def key_term_list(self, lecture):
        return format_html_join(
            "",
            "<div>{}{}</div>",
            ((term["term"], f" ({term['alias']})" if term.get("alias") else "") for term in lecture.key_terms),
        )

    @admin.display(description=gettext_lazy("definitions found in the document"))
    def definition_list(self, lecture):
        return format_html_join(
            "",
            "<div><strong>{}</strong> – {}</div>",
            (
                (f"{found['number']}) {found['term']}" if found.get("number") else found["term"], found["text"])
                for found in lecture.definitions
            ),
        )

    actions = [publish, unpublish]

    def get_urls(self):
        return [
            *self.page_urls(
                ("import/", self.upload_view, "import"),
                ("import/<int:draft_id>/", self.preview_view, "import_preview"),
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Step 1: upload a document. It is parsed at once, so a bad file is refused here."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        courses = access.taught_courses(request.user)
        initial = {"course": request.GET.get("course")}
        form = LectureUploadForm(request.POST or None, request.FILES or None, courses=courses, initial=initial)
        if request.method == "POST" and form.is_valid():
            ImportDraft.objects.filter(created_at__lt=timezone.now() - timezone.timedelta(days=1)).delete()
            draft = ImportDraft.objects.create(
                course=form.cleaned_data["course"],
                lecture=form.cleaned_data["lecture"],
                title=form.parsed.title,
                file_name=form.cleaned_data["document"].name,
                data=form.data_bytes,
                uploaded_by=request.user,
            )
            return redirect("admin:courses_lecture_import_preview", draft.pk)
        return self.admin_page(request, "admin/courses/lecture/import_upload.html", _("Import a lecture"), form=form)

    def preview_view(self, request, draft_id: int):
        """Step 2: what was found, the warnings, the teacher's choices; confirm saves it all."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        draft = (
            ImportDraft.objects.filter(pk=draft_id, uploaded_by=request.user)
            .select_related("course", "lecture")
            .first()
        )
        if draft is None:
            self.message_user(request, _("This upload was already imported or cancelled."), messages.WARNING)
            return redirect("admin:courses_lecture_changelist")
        if not access.taught_courses(request.user).filter(pk=draft.course_id).exists():
            raise PermissionDenied
        if request.method == "POST" and "cancel" in request.POST:
            draft.delete()
            self.message_user(request, _("The upload was cancelled; nothing was saved."), messages.INFO)
            return redirect("admin:courses_lecture_changelist")
        try:
            parsed = parse_lecture(draft.file_name, bytes(draft.data))
        except ImportRejected as error:  # the parser changed since upload; tell, don't crash
            draft.delete()
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:courses_lecture_import")
        same_file = None
        if draft.lecture is None:
            same_file = Lecture.objects.filter(course=draft.course, source_name=parsed.source_name).first()
        target = draft.lecture or same_file
        initial = {
            "title": (target.title if target else "") or draft.title or parsed.title or Path(draft.file_name).stem,
            "leave_out": [repeat.number for repeat in parsed.repeats if repeat.verbatim],
            "publish": bool(target and target.is_published),
            "replace_same_file": True,
        }
        form = ImportConfirmForm(request.POST or None, parsed=parsed, same_file_lecture=same_file, initial=initial)
        if request.method == "POST" and form.is_valid():
            if same_file is not None and not form.cleaned_data.get("replace_same_file"):
                target = None
            chosen = parsed.without(set(form.cleaned_data.get("leave_out") or []))
            lecture = save_lecture(
                chosen, course=draft.course, title=form.cleaned_data["title"], lecture=target, match_file_name=False
            )
            changed_fields = IMPORTED_FIELDS
            if lecture.is_published != form.cleaned_data["publish"]:
                lecture.is_published = form.cleaned_data["publish"]
                lecture.save(update_fields=["is_published"])
                changed_fields = (*IMPORTED_FIELDS, "is_published")
            draft.delete()
            if target is None:
                self.log_addition(request, lecture, [{"added": {}}])
            else:
                self.log_change(request, lecture, changed_fields_message(lecture, *changed_fields))
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The lecture “%(title)s” was saved.") % {"title": lecture.title},
                    lecture.get_absolute_url(),
                    _("View it as a student"),
                ),
                messages.SUCCESS,
            )
            return redirect("admin:courses_lecture_change", lecture.pk)
        return self.admin_page(
            request,
            "admin/courses/lecture/import_preview.html",
            _("Check the import"),
            form=form,
            draft=draft,
            parsed=parsed,
            summary=parsed.summary(),
            target=target,
        )


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditEntryAdmin(LogEntryAdmin):
    """The audit trail, read-only: administrators see all of it, teachers their own courses' entries."""

    list_display = ["created", "event", "resource_url", "msg_short", "user_url", "reason"]

    def get_queryset(self, request):
        self.request = request
        return access.visible_audit_entries(request.user).select_related("content_type", "actor")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("event"))
    def event(self, entry):
        return audit.event_label(entry)

    @admin.display(description=gettext_lazy("reason"))
    def reason(self, entry):
        return (entry.additional_data or {}).get("reason", "")
