"""A course glossary: entries with aliases and one or more sourced definitions.

Every entry stores its normalised forms (``term_key``, ``search_text``) and a
Kazakh-order ``sort_key``, computed in ``save`` from ``courses.text``, so the
database can match and sort Kazakh text correctly on SQLite and PostgreSQL
alike without relying on either database's case folding or collation.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from courses import text


class Entry(models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="glossary_entries", verbose_name=_("course")
    )
    term = models.CharField(_("term"), max_length=255)
    slug = models.SlugField(_("address"), max_length=80, allow_unicode=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    lectures = models.ManyToManyField(
        "courses.Lecture", through="EntryLecture", related_name="glossary_entries", verbose_name=_("lectures")
    )
    term_key = models.CharField(max_length=255, editable=False, db_index=True)
    term_words = models.CharField(max_length=300, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.CharField(max_length=2 * text.SORT_KEY_LETTERS, editable=False, db_index=True)
    letter = models.CharField(max_length=1, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "sort_key", "term"]
        constraints = [
            models.UniqueConstraint(fields=["course", "term_key"], name="unique_term_per_course"),
            models.UniqueConstraint(fields=["course", "slug"], name="unique_entry_slug_per_course"),
        ]
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")

    def __str__(self) -> str:
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split())
        self.term_key = text.normalize(self.term)
        self.term_words = f" {' '.join(text.words(self.term))} "
        self.sort_key = text.sort_key(self.term)
        self.letter = text.first_letter(self.term)
        if not self.slug:
            self.slug = self._free_slug()
        self.search_text = self.build_search_text() if self.pk else " ".join(text.words(self.term))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("glossary:entry", args=[self.course.slug, self.slug])

    def clean(self) -> None:
        """Әкім and ӘКІМ are one term: refuse a second entry that differs only in case or spelling variant."""
        key = text.normalize(self.term or "")
        if self.course_id and Entry.objects.filter(course_id=self.course_id, term_key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"term": _("This course already has this term (letter case and ё/е are ignored).")})

    def _free_slug(self) -> str:
        base = slugify(self.term, allow_unicode=True)[:60].strip("-") or "entry"
        taken = set(
            Entry.objects.filter(course_id=self.course_id, slug__startswith=base).values_list("slug", flat=True)
        )
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        return slug

    def build_search_text(self) -> str:
        """Words of the term, aliases and definitions, one part per line, for word-start search."""
        parts = [self.term, *(alias.text for alias in self.aliases.all())]
        parts += [definition.text for definition in self.definitions.all()]
        return "\n".join(" ".join(text.words(part)) for part in parts)

    def refresh_search_text(self) -> None:
        Entry.objects.filter(pk=self.pk).update(search_text=self.build_search_text())


class Alias(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("entry"))
    text = models.CharField(_("alias"), max_length=255)
    key = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        ordering = ["entry", "text"]
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="unique_alias_per_entry")]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.text = " ".join(self.text.split())
        self.key = text.normalize(self.text)
        super().save(*args, **kwargs)


class Definition(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("entry"))
    position = models.PositiveIntegerField(_("position"), default=1)
    text = models.TextField(_("definition"))
    source = models.CharField(_("source"), max_length=500, blank=True, help_text=_("E.g. the law and item number."))
    lecture = models.ForeignKey(
        "courses.Lecture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("found in lecture"),
    )

    class Meta:
        ordering = ["entry", "position", "pk"]
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")

    def __str__(self) -> str:
        return self.text[:80]


class EntryLecture(models.Model):
    """An entry used by a lecture, and whether the lecture lists it as a key term."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="lecture_links")
    lecture = models.ForeignKey("courses.Lecture", on_delete=models.CASCADE, related_name="entry_links")
    is_key_term = models.BooleanField(_("key term"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "lecture"], name="unique_entry_lecture")]
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    def __str__(self) -> str:
        return f"{self.entry} – {self.lecture}"
