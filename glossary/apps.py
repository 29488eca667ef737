from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    verbose_name = _("Glossary")

    def ready(self) -> None:
        from courses.signals import lecture_checked, lecture_saved
        from glossary import signals  # noqa: F401 (connects the receivers of glossary model changes)
        from glossary.importing import fill_glossary, warn_too_long

        # courses, the layer below, never imports the glossary: it sends these signals when a lecture
        # is imported, and the glossary adds its warnings to the preview and fills itself on save.
        lecture_checked.connect(warn_too_long, dispatch_uid="glossary.warn_too_long")
        lecture_saved.connect(fill_glossary, dispatch_uid="glossary.fill_glossary")
