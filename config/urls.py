"""Top-level URL map: each app mounts its own urls; accounts use Django's auth views."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from courses import login
from courses import views as course_views

admin.site.site_header = _("Course site administration")
admin.site.site_title = _("Course site")
admin.site.index_title = _("Teacher's workspace")

accounts = [
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", login.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("admin/login/", login.admin_login),
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("courses/<str:slug>/glossary/", include("glossary.urls")),
    path("", include("quizzes.urls")),
    path("courses/", include("courses.urls")),
    path("", course_views.home, name="home"),
]

# An unreachable database is a 503 to retry (JSON for the autosave), not a 500.
handler500 = "config.errors.server_error"
