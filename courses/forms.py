"""Forms of the teacher's workspace: lecture upload and preview, enrolment from a class list."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from courses import access
from courses.importing import (
    MAX_FILE_SIZE,
    SUPPORTED_EXTENSIONS,
    ImportRejected,
    ParsedLecture,
    check_size,
    parse_lecture,
)
from courses.models import Course, Enrollment, Lecture
from courses.people import StudentFileError, StudentRow, parse_students


class LectureUploadForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.none(), label=_("Course"))
    lecture = forms.ModelChoiceField(
        queryset=Lecture.objects.none(),
        required=False,
        label=_("Replace the content of"),
        help_text=_("Leave empty to add a new lecture (or update the one imported from the same file)."),
    )
    document = forms.FileField(
        label=_("Lecture document"),
        help_text=format_lazy(
            _("Word (.docx), plain text (.txt) or Markdown (.md), up to {size} MB."),
            size=MAX_FILE_SIZE // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.fields["lecture"].queryset = Lecture.objects.filter(course__in=courses).select_related("course")
        self.parsed: ParsedLecture | None = None
        self.data_bytes = b""

    def clean(self):
        cleaned = super().clean()
        course, lecture = cleaned.get("course"), cleaned.get("lecture")
        if course and lecture and lecture.course_id != course.pk:
            self.add_error("lecture", _("This lecture belongs to another course."))
        upload = cleaned.get("document")
        if upload:
            try:
                check_size(upload.size)
                self.data_bytes = upload.read()
                self.parsed = parse_lecture(upload.name, self.data_bytes)
            except ImportRejected as error:
                self.add_error("document", str(error))
        return cleaned


class ImportConfirmForm(forms.Form):
    title = forms.CharField(label=_("Lecture title"), max_length=200)
    leave_out = forms.TypedMultipleChoiceField(
        label=_("Leave out these repeated paragraphs"),
        help_text=_(
            "Ticked paragraphs are not saved. Word-for-word repeats are ticked for you; "
            "near repeats may contain a new sentence, so check them."
        ),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(label=_("Publish for students now"), required=False)
    replace_same_file = forms.BooleanField(required=False)

    def __init__(self, *args, parsed: ParsedLecture, same_file_lecture=None, **kwargs):
        super().__init__(*args, **kwargs)
        if same_file_lecture is None:
            del self.fields["replace_same_file"]
        else:
            self.fields["replace_same_file"].label = format_lazy(
                _("Replace “{title}”, imported earlier from a file with the same name (untick to add a new lecture)"),
                title=same_file_lecture.title,
            )
        self.fields["leave_out"].choices = [
            (repeat.number, f"{repeat.number}: {repeat.excerpt}") for repeat in parsed.repeats
        ]
        if not parsed.repeats:
            del self.fields["leave_out"]


class EnrolFromCsvForm(forms.Form):
    class_list = forms.FileField(
        label=_("Class list (CSV)"),
        help_text=_(
            "Columns: username, full name, email (email may be empty). "
            "Save from Excel as “CSV UTF-8”; commas or semicolons both work."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_class_list(self) -> list[StudentRow]:
        upload = self.cleaned_data["class_list"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("A class list larger than 2 MB is not a class list."))
        try:
            return parse_students(upload.read())
        except StudentFileError as error:
            raise forms.ValidationError(error.messages()) from None


class EnrollmentForm(forms.ModelForm):
    """One student of a course; a new one is named by exact username, and the account must be a student's."""

    username = forms.CharField(label=_("username"), max_length=150, required=False)
    acting_user = None  # set by the admin inline

    class Meta:
        model = Enrollment
        fields = ["username", "group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].initial = self.instance.student.get_username()
            self.fields["username"].disabled = True

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        username = (data.get("username") or "").strip()
        student = get_user_model().objects.filter(username=username, is_staff=False, is_superuser=False).first()
        if student is None:
            self.add_error(
                "username", _("No student account has the username “%(username)s”.") % {"username": username}
            )
            return data
        if (
            self.instance.course_id
            and Enrollment.objects.filter(course_id=self.instance.course_id, student=student).exists()
        ):
            self.add_error("username", _("This student is already in the course."))
            return data
        self.instance.student = student
        self.instance.added_existing = not access.is_administrator(self.acting_user)
        return data
