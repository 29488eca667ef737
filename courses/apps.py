from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses and people")

    def ready(self) -> None:
        from courses.roles import sync_teacher_group

        # After every migrate, once each app's permissions exist, the
        # Teachers group is brought up to date: nobody assigns them by hand.
        post_migrate.connect(sync_teacher_group, dispatch_uid="courses.sync_teacher_group")
