"""Quizzes in the teacher's workspace: the teacher's own courses only, questions checked before saving."""

import random
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import access
from courses.admin import TaughtCoursesMixin
from courses.admin_actions import publish, unpublish
from courses.admin_pages import AdminPagesMixin, changed_fields_message
from quizzes import attempts, marking, versions
from quizzes.generation import add_glossary_questions
from quizzes.grading import grade, question_problems
from quizzes.models import Attempt, Option, Question, Quiz
from quizzes.question_types import get_question_type, question_types
from quizzes.question_types.base import OptionSpec, QuestionSpec, QuestionView


class QuestionInline(admin.TabularInline):
    """The quiz's questions (their latest versions) in order; each is edited on its own page."""

    model = Question
    extra = 0
    fields = ["position", "kind", "text", "points", "status", "version"]
    # Text and points change on the question's page, where an edit of a question already shown saves a new version.
    readonly_fields = ["kind", "text", "points", "status", "version"]
    ordering = ["position"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).current()

    def has_add_permission(self, request, obj=None):
        return False  # added on the question page, where its answers are checked

    def has_delete_permission(self, request, obj=None):
        return False  # deleted on the question's page, which says what its answers would lose


@admin.register(Quiz)
class QuizAdmin(AdminPagesMixin, TaughtCoursesMixin, admin.ModelAdmin):
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
    actions = [publish, unpublish, "regrade", "regrade_to_latest", "add_questions_from_glossary", "export_attempts"]
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        quiz = self.get_object(request, object_id)
        drafts = quiz.questions.current().filter(status=Question.Status.DRAFT).count() if quiz else 0
        context = {"question_types": question_types(), "draft_count": drafts}
        if quiz and quiz.questions.filter(kind__in=marking.teacher_graded_kinds()).exists():
            context["essays_waiting"] = marking.waiting_responses(quiz).count()
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def get_urls(self):
        return [
            *self.page_urls(
                ("<int:quiz_id>/ready/", self.mark_drafts_ready, "ready"),
                ("<int:quiz_id>/grade-essays/", self.grade_essays, "grade_essays"),
            ),
            *super().get_urls(),
        ]

    def grade_essays(self, request, quiz_id: int):
        """The answers waiting for the teacher's mark, per question, anonymous unless ``?names=1``; saved in one POST.

        A mark left empty is not saved (the answer keeps waiting); one mark that does not fit saves nothing.
        """
        quiz = self.get_page_object(request, quiz_id)
        names = request.GET.get("names") == "1" or request.POST.get("names") == "1"
        waiting = list(marking.waiting_responses(quiz))
        errors: dict[int, str] = {}
        if request.method == "POST":
            marks = []
            for response in waiting:
                raw = request.POST.get(f"mark-{response.pk}", "").strip().replace(",", ".")
                comment = request.POST.get(f"comment-{response.pk}", "")
                if not raw:
                    continue
                try:
                    one = marking.Mark(response, Decimal(raw), comment)
                    marking.check(one)
                except (InvalidOperation, ValueError):
                    errors[response.pk] = _("The mark must be a number.")
                except marking.MarkError as error:
                    errors[response.pk] = str(error)
                else:
                    marks.append(one)
            if errors:
                self.message_user(
                    request,
                    _("Nothing was saved: correct the marks shown in red.")
                    + " "
                    + " ".join(dict.fromkeys(errors.values())),
                    messages.ERROR,
                )
            elif marks:
                marking.mark_many(marks, acting_user=request.user)
                self.log_change(request, quiz, _("%(count)d essay answers marked.") % {"count": len(marks)})
                self.message_user(request, _("%(count)d answers marked.") % {"count": len(marks)}, messages.SUCCESS)
                url = reverse("admin:quizzes_quiz_grade_essays", args=[quiz.pk])
                return redirect(f"{url}?names=1" if names else url)
            else:
                self.message_user(request, _("No marks were given."), messages.WARNING)
        numbers: dict[int, int] = {}
        questions: dict[int, dict] = {}
        for response in waiting:
            number = numbers.setdefault(response.attempt.student_id, len(numbers) + 1)
            group = questions.setdefault(response.question_id, {"question": response.question, "answers": []})
            group["answers"].append(
                {
                    "response": response,
                    "student": response.attempt.student.get_full_name() if names else None,
                    "number": number,
                    "state": get_question_type(response.question.kind).form_state(
                        QuestionView(response.question), response.answer
                    ),
                    "mark": request.POST.get(f"mark-{response.pk}", "") if errors else "",
                    "comment": request.POST.get(f"comment-{response.pk}", "") if errors else "",
                    "error": errors.get(response.pk, ""),
                }
            )
        return self.admin_page(
            request,
            "admin/quizzes/quiz/grade_essays.html",
            _("Grade essays"),
            obj=quiz,
            questions=list(questions.values()),
            waiting=len(waiting),
            names=names,
        )

    def mark_drafts_ready(self, request, quiz_id: int):
        """The quiz page's button: its draft questions (checked by the teacher) now reach students."""
        quiz = self.get_page_object(request, quiz_id)
        if request.method != "POST":
            return redirect("admin:quizzes_quiz_change", quiz.pk)
        count = versions.mark_ready(quiz.questions.current())
        self.log_change(request, quiz, _("%(count)d draft questions marked ready.") % {"count": count})
        self.message_user(
            request, _("%(count)d questions are ready for students.") % {"count": count}, messages.SUCCESS
        )
        return redirect("admin:quizzes_quiz_change", quiz.pk)

    def response_add(self, request, obj, post_url_continue=None):
        """A new quiz goes straight on to its first question."""
        if "_addanother" not in request.POST and "_continue" not in request.POST:
            return redirect(f"{reverse('admin:quizzes_question_add')}?quiz={obj.pk}")
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=gettext_lazy("Regrade all attempts of the selected quizzes"))
    def regrade(self, request, queryset):
        return self._regrade(request, queryset, to_latest=False)

    @admin.action(description=gettext_lazy("Regrade with the latest version of each question (fixed after answering)"))
    def regrade_to_latest(self, request, queryset):
        return self._regrade(request, queryset, to_latest=True)

    def _regrade(self, request, queryset, *, to_latest: bool):
        changes = attempts.regrade(queryset, acting_user=request.user, to_latest=to_latest)
        for change in changes:
            self.log_change(request, change.attempt, changed_fields_message(Attempt, "score"))
        return self.admin_page(
            request, "admin/quizzes/quiz/regraded.html", _("Regrading finished"), changes=changes, quizzes=queryset
        )

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


def _option_spec(number: int, values: dict) -> OptionSpec:
    return OptionSpec(
        id=number,
        text=values.get("text", "") or "",
        is_correct=bool(values.get("is_correct")),
        match=values.get("match", "") or "",
        position=values.get("position") or 0,
    )


def _editing_type(request, question=None):
    """The type of the question on this page: the saved one's, or the one chosen for a new question."""
    if question is not None and question.pk:
        return get_question_type(question.kind)
    try:
        return get_question_type(request.GET.get("kind", ""))  # the page's own address; a posted kind is ignored
    except ValueError:
        return None


class QuestionForm(forms.ModelForm):
    """Checks a question without answer rows (a number, gaps in the text) as its type requires."""

    def clean(self):
        data = super().clean()
        question_type = get_question_type(data.get("kind") or self.instance.kind)
        if not question_type.option_fields and not self.errors:
            for field, value in data.items():
                setattr(self.instance, field, value)
            problems = question_problems(QuestionSpec.of(self.instance))
            if problems:
                raise forms.ValidationError(problems)
        return data


class OptionFormSet(forms.BaseInlineFormSet):
    """Checks the answers as a whole, as the type requires (e.g. exactly one correct option)."""

    question_type = None  # the page's type, set by OptionInline (a new question's own kind is not set yet)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        question_type = self.question_type or get_question_type(self.instance.kind)
        defaults = question_type.default_options() if not self.instance.pk else []
        self.made_rows = len(defaults)
        first_place = self.get_queryset().count() + 1
        # New rows come numbered after the existing ones; a new question starts with its type's options.
        self.initial_extra = [
            {**(defaults[index] if index < len(defaults) else {}), "position": first_place + index}
            for index in range(self.extra)
        ]
        if not self.instance.pk and not defaults and question_type.first_option_correct and self.initial_extra:
            self.initial_extra[0]["is_correct"] = True

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.initial_form_count() <= i < self.initial_form_count() + self.made_rows:
            # The rows the type made (true/false) count even when the teacher leaves their text as it is.
            form.empty_permitted = False
            form.has_changed = lambda: True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        question_type = get_question_type(self.instance.kind)
        options = []
        for number, form in enumerate(self.forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not (data.get("text") or data.get("match")):
                continue
            if "position" not in question_type.option_fields:
                form.instance.position = len(options) + 1  # the order the teacher wrote them in
            options.append(_option_spec(number, question_type.prepare_option(data)))
        problems = question_problems(QuestionSpec.of(self.instance, options))
        if problems:
            raise forms.ValidationError(problems)


class OptionInline(admin.TabularInline):
    """The answer rows, with only the columns the question's type uses."""

    model = Option
    formset = OptionFormSet
    ordering = ["position"]
    formfield_overrides = {models.TextField: {"widget": forms.TextInput(attrs={"size": 60})}}

    def get_fields(self, request, obj=None):
        question_type = _editing_type(request, obj)
        return list(question_type.option_fields) if question_type else []

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.question_type = _editing_type(request, obj)
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        question_type = _editing_type(request, obj)
        if question_type is None:
            return 0
        if obj is None or not obj.pk:
            return max(question_type.blank_options, len(question_type.default_options()))
        return 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("match", "feedback") and field is not None:
            field.widget.attrs["size"] = 30
        return field


@admin.register(Question)
class QuestionAdmin(AdminPagesMixin, TaughtCoursesMixin, admin.ModelAdmin):
    """One page per question showing only what its type needs; saving goes back to the quiz."""

    course_lookup = "quiz__course"
    form = QuestionForm
    list_display = ["text_start", "quiz", "kind", "points", "status", "version"]
    list_filter = ["status", "kind", ("quiz", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["quiz"]
    search_fields = ["text"]
    inlines = [OptionInline]
    add_form_template = "admin/quizzes/question/change_form.html"
    actions = ["mark_ready"]

    def get_queryset(self, request):
        """The latest versions: earlier ones belong to the attempts that showed them and are never edited."""
        return super().get_queryset(request).current()

    @admin.action(permissions=["change"], description=gettext_lazy("Mark the selected questions ready for students"))
    def mark_ready(self, request, queryset):
        count = versions.mark_ready(queryset)
        self.message_user(
            request, _("%(count)d questions are ready for students.") % {"count": count}, messages.SUCCESS
        )

    @admin.display(description=gettext_lazy("question"))
    def text_start(self, question):
        return question.text[:80]

    def get_fields(self, request, obj=None):
        question_type = _editing_type(request, obj)
        extra = list(question_type.question_fields) if question_type else []
        kind = ["kind"] if obj is None else []  # chosen before the page opens; fixed once answers exist
        return ["quiz", *kind, "text", "points", *extra, "feedback"]

    def get_readonly_fields(self, request, obj=None):
        # The type is fixed once answers exist; the quiz too, once students saw the question.
        if obj is None:
            return []
        return ["kind", "quiz"] if obj.is_frozen else ["kind"]

    def get_inlines(self, request, obj):
        question_type = _editing_type(request, obj)
        return [OptionInline] if question_type and question_type.option_fields else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        question_type = _editing_type(request, obj)
        if "kind" in form.base_fields:
            # Fixed by the page (its address names the type): a posted value cannot change it.
            form.base_fields["kind"].widget = forms.HiddenInput()
            form.base_fields["kind"].disabled = True
            form.base_fields["kind"].initial = question_type.code if question_type else None
        if question_type and question_type.text_help:
            form.base_fields["text"].help_text = question_type.text_help
        return form

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "kind": request.GET.get("kind", "")}

    def add_view(self, request, form_url="", extra_context=None):
        """Without a chosen type, the page first asks which one (each type is its own short form)."""
        if _editing_type(request) is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            quiz = request.GET.get("quiz", "")
            return self.admin_page(
                request,
                "admin/quizzes/question/choose_type.html",
                _("Add a question: choose its type"),
                types=[
                    (question_type, f"{reverse('admin:quizzes_question_add')}?quiz={quiz}&kind={question_type.code}")
                    for question_type in question_types()
                ],
            )
        return super().add_view(request, form_url, {**(extra_context or {}), "question_type": _editing_type(request)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self.get_object(request, object_id)
        context = {"show_preview": True, "question_type": _editing_type(request, question) if question else None}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **context})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz":
            kwargs["queryset"] = access.in_taught_courses(Quiz.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and obj.is_frozen:
            return  # shown to students already: saved as a new version in save_related, if anything changed
        if not change:  # a new question goes last in its quiz
            last = Question.objects.filter(quiz=obj.quiz).aggregate(last=Max("position"))["last"] or 0
            obj.position = last + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        question = form.instance
        if change and question.is_frozen:
            if form.has_changed() or any(formset.has_changed() for formset in formsets):
                versions.save_new_version(question, self._option_rows(question, formsets))
            for formset in formsets:  # nothing of the old version was saved (the history message reads these)
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)
        question_type = get_question_type(question.kind)
        for option in form.instance.options.all():
            values = question_type.prepare_option({"is_correct": option.is_correct})
            if values["is_correct"] != option.is_correct:
                option.is_correct = values["is_correct"]
                option.save(update_fields=["is_correct"])

    @staticmethod
    def _option_rows(question, formsets) -> list[dict]:
        """The answer rows as the teacher left them on the page (deleted and empty rows left out)."""
        question_type = get_question_type(question.kind)
        rows = []
        for formset in formsets:
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("DELETE") or not (data.get("text") or data.get("match")):
                    continue
                values = question_type.prepare_option(
                    {**data, "position": form.instance.position, "previous_id": form.instance.pk}
                )
                rows.append({field: values[field] for field in versions.OPTION_FIELDS if field in values})
        return rows

    def delete_view(self, request, object_id, extra_context=None):
        """A question students have seen is withdrawn, not deleted: their attempts keep it, new ones leave it out."""
        question = self.get_object(request, object_id)
        if question is None or not versions.must_be_kept(question):
            return super().delete_view(request, object_id, extra_context)
        question = self.get_page_object(request, object_id, permission="delete")
        if request.method == "POST":
            versions.withdraw(question)
            self.log_change(request, question, _("Withdrawn: kept for the attempts that showed it."))
            self.message_user(
                request, _("The question was withdrawn from new attempts; earlier attempts keep it."), messages.SUCCESS
            )
            return redirect("admin:quizzes_quiz_change", question.quiz_id)
        shown = Attempt.objects.filter(quiz=question.quiz, is_preview=False).count()
        return self.admin_page(
            request, "admin/quizzes/question/withdraw.html", _("Withdraw the question"), obj=question, attempts=shown
        )

    def _back_to_quiz(self, request, question):
        """After saving, the teacher is back on the quiz, with its questions, unless they asked otherwise."""
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            return None
        if "_addanother" in request.POST:
            return redirect(f"{reverse('admin:quizzes_question_add')}?quiz={question.quiz_id}&kind={question.kind}")
        return redirect("admin:quizzes_quiz_change", question.quiz_id)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._back_to_quiz(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_continue" in request.POST and str(obj.pk) not in request.path:
            return redirect("admin:quizzes_question_change", obj.pk)  # saved as a new version: edit that one
        return self._back_to_quiz(request, obj) or response

    def get_actions(self, request):
        """No bulk delete: a question students saw is withdrawn one at a time, on its own delete page."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        return [*self.page_urls(("<int:question_id>/preview/", self.preview_view, "preview")), *super().get_urls()]

    def preview_view(self, request, question_id: int):
        """The question alone, as a student sees it; answering it shows the points and the review, saving nothing."""
        question = self.get_page_object(request, question_id, permission="view")
        seed = request.POST.get("seed") or str(random.randrange(1_000_000))
        view = attempts.single_question_view(question, random.Random(seed))
        result = None
        if request.method == "POST":
            try:
                answer = attempts.clean_answer(view, view.type.read_form(request.POST, view))
            except attempts.InvalidAnswer as error:
                messages.error(request, str(error))
            else:
                result = {
                    "points": grade(attempts.spec_for(question, question.options.all()), answer),
                    "state": view.type.form_state(view, answer),
                }
        context = {
            "question": question,
            "course": question.quiz.course,
            "view": view,
            "state": result["state"] if result else view.type.form_state(view, {}),
            "result": result,
            "seed": seed,
            "change_url": reverse("admin:quizzes_question_change", args=[question.pk]),
        }
        return TemplateResponse(request, "quizzes/question_preview.html", context)


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
class AttemptAdmin(AdminPagesMixin, TaughtCoursesMixin, admin.ModelAdmin):
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
            voided = 0
            for attempt in queryset.exclude(state=Attempt.State.IN_PROGRESS):
                if attempts.void_attempt(attempt, reason=form.cleaned_data["reason"], acting_user=request.user):
                    self.log_change(request, attempt, changed_fields_message(attempt, "voided_at", "void_reason"))
                    voided += 1
            self.message_user(request, _("%(count)d attempts voided.") % {"count": voided}, messages.SUCCESS)
            return None
        return self.admin_page(
            request,
            "admin/quizzes/attempt/void.html",
            _("Void attempts"),
            form=form,
            attempts=queryset.select_related("student", "quiz"),
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )
