"""Quizzes in the teacher's workspace: the teacher's own courses only, questions checked before saving."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import access
from courses.admin import TaughtCoursesMixin
from quizzes import attempts
from quizzes.generation import add_glossary_questions
from quizzes.grading import question_problems
from quizzes.models import Attempt, Option, Question, Quiz
from quizzes.question_types import get_question_type
from quizzes.question_types.base import OptionSpec, QuestionSpec


class QuestionInline(admin.TabularInline):
    """Questions in order; each opens on its own page, where its answers are edited."""

    model = Question
    extra = 0
    fields = ["position", "kind", "text", "points"]
    readonly_fields = ["kind"]  # a new type needs new answers: change it on the question's page
    ordering = ["position"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # added on the question page, where its answers are checked


@admin.register(Quiz)
class QuizAdmin(TaughtCoursesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "course",
        "is_published",
        "opens_at",
        "closes_at",
        "time_limit_minutes",
        "attempts_allowed",
    ]
    list_filter = ["is_published", ("course", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["course"]
    search_fields = ["title", "instructions"]
    inlines = [QuestionInline]
    actions = ["regrade", "add_questions_from_glossary", "export_attempts"]
    fieldsets = (
        (None, {"fields": ["course", "lecture", "title", "instructions", "is_published"]}),
        (gettext_lazy("Timing"), {"fields": ["opens_at", "closes_at", "time_limit_minutes"]}),
        (
            gettext_lazy("Attempts and grading"),
            {
                "fields": [
                    "attempts_allowed",
                    "grading_method",
                    "pass_mark",
                    "questions_per_attempt",
                    "shuffle_questions",
                    "shuffle_choices",
                ]
            },
        ),
        (gettext_lazy("Review after submitting"), {"fields": ["review_shows", "review_when"]}),
    )

    def response_add(self, request, obj, post_url_continue=None):
        """A new quiz goes straight on to its first question."""
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            return redirect(f"{reverse('admin:quizzes_question_add')}?quiz={obj.pk}")
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=gettext_lazy("Regrade all attempts of the selected quizzes"))
    def regrade(self, request, queryset):
        changes = attempts.regrade(queryset, acting_user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Regrading finished"),
            "changes": changes,
            "quizzes": queryset,
        }
        return TemplateResponse(request, "admin/quizzes/quiz/regraded.html", context)

    @admin.action(description=gettext_lazy("Download the attempts (CSV)"))
    def export_attempts(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one quiz to download its attempts."), messages.WARNING)
            return None
        quiz = queryset.select_related("course").get()
        return redirect("quizzes:attempts_export", quiz.course.slug, quiz.pk)

    @admin.action(description=gettext_lazy("Add draft questions from the course glossary"))
    def add_questions_from_glossary(self, request, queryset):
        for quiz in queryset.select_related("course"):
            created = add_glossary_questions(quiz)
            if created:
                self.message_user(
                    request,
                    _("%(count)d draft questions added to “%(quiz)s”. Check them before publishing.")
                    % {"count": len(created), "quiz": quiz.title},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("“%(quiz)s”: the course glossary needs at least four entries with definitions.")
                    % {"quiz": quiz.title},
                    messages.WARNING,
                )


class OptionFormSet(forms.BaseInlineFormSet):
    """Checks the question's answers as a whole: a single-choice question needs exactly one correct option…"""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        question = self.instance
        question_type = get_question_type(question.kind)
        options = []
        for number, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            data = question_type.prepare_option(data)
            is_correct = data.get("is_correct", False)
            options.append(
                OptionSpec(
                    id=number,
                    text=data.get("text", "") or "",
                    is_correct=is_correct,
                    match=data.get("match", "") or "",
                    position=data.get("position") or 0,
                )
            )
        spec = QuestionSpec(
            kind=question.kind,
            points=question.points,
            text=question.text,
            options=tuple(options),
            numeric_answer=question.numeric_answer,
        )
        problems = question_problems(spec)
        if problems:
            raise forms.ValidationError(problems)


class OptionInline(admin.TabularInline):
    model = Option
    formset = OptionFormSet
    extra = 2
    fields = ["position", "text", "is_correct", "match", "feedback"]
    ordering = ["position"]


@admin.register(Question)
class QuestionAdmin(TaughtCoursesMixin, admin.ModelAdmin):
    course_lookup = "quiz__course"
    list_display = ["text_start", "quiz", "kind", "points", "position"]
    list_filter = ["kind", ("quiz", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["quiz"]
    search_fields = ["text"]
    inlines = [OptionInline]
    fields = ["quiz", "position", "kind", "text", "points", "feedback", "numeric_answer", "tolerance", "typo_tolerance"]

    @admin.display(description=gettext_lazy("question"))
    def text_start(self, question):
        return question.text[:80]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = access.in_taught_courses(Quiz.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question_type = get_question_type(form.instance.kind)
        for option in form.instance.options.all():
            values = question_type.prepare_option({"is_correct": option.is_correct})
            if values["is_correct"] != option.is_correct:
                option.is_correct = values["is_correct"]
                option.save(update_fields=["is_correct"])


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("Shown to the course's teachers and kept in the audit trail."),
    )


class VoidedFilter(admin.SimpleListFilter):
    title = gettext_lazy("voided")
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Voided")), ("no", gettext_lazy("Counted"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(voided_at__isnull=self.value() == "no")
        return queryset


@admin.register(Attempt)
class AttemptAdmin(TaughtCoursesMixin, admin.ModelAdmin):
    """Attempts are read, and voided with a reason; only an administrator can delete one."""

    course_lookup = "quiz__course"
    list_display = ["quiz", "student", "number", "state_label", "score", "max_score", "started_at", "submitted_at"]
    list_filter = ["state", VoidedFilter, ("quiz", admin.RelatedOnlyFieldListFilter), "is_preview"]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "student__full_name"]
    exclude = ["layout"]
    readonly_fields = [field.name for field in Attempt._meta.fields if field.name != "layout"]
    view_on_site = False
    actions = ["void"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access.is_administrator(request.user)

    @admin.display(description=gettext_lazy("state"))
    def state_label(self, attempt):
        return attempt.state_label

    @admin.action(description=gettext_lazy("Void the selected attempts (they stay, out of the grades)"))
    def void(self, request, queryset):
        form = VoidForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            voided = sum(
                attempts.void_attempt(attempt, reason=form.cleaned_data["reason"], acting_user=request.user)
                for attempt in queryset.exclude(state=Attempt.State.IN_PROGRESS)
            )
            self.message_user(request, _("%(count)d attempts voided.") % {"count": voided}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Void attempts"),
            "attempts": queryset.select_related("student", "quiz"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/quizzes/attempt/void.html", context)
