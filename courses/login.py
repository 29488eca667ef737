"""The sign-in page, with the pauses of ``courses/throttling.py``.

The one door for everyone: the admin's own login page redirects here, so a
teacher's sign-in is throttled and remembered the same way as a student's.
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from courses import throttling


def local_time(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def pause_message(pause: throttling.Pause) -> str:
    if pause.scope == "address":
        return _(
            "Signing in from this network on a new device is paused until %(time)s: many wrong passwords for "
            "different accounts came from it. A device you have signed in on before still works; the "
            "administrator can lift the pause."
        ) % {"time": local_time(pause.until)}
    return _(
        "Signing in to this account from this device is paused until %(time)s after several wrong passwords. "
        "Your teacher or the administrator can lift the pause."
    ) % {"time": local_time(pause.until)}


class ThrottledAuthenticationForm(AuthenticationForm):
    """Checks the pause before the password (a paused guess costs no hashing) and counts wrong passwords."""

    pause: throttling.Pause | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            self.pause = throttling.login_pause(self.request, username)
            if self.pause:
                raise forms.ValidationError(pause_message(self.pause), code="paused")
        try:
            return super().clean()
        except forms.ValidationError:
            if username and self.cleaned_data.get("password"):
                throttling.record_login_failure(self.request, username)
            raise


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Guesses at the old password (someone at an unlocked computer) count like wrong sign-ins."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        username = self.user.get_username()
        pause = throttling.login_pause(self.request, username)
        if pause:
            raise forms.ValidationError(pause_message(pause), code="paused")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttling.record_login_failure(self.request, username)
            raise


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.remember_device(self.request, response, form.get_user().get_username())
        return response

    def form_invalid(self, form):
        if form.pause:
            return render(
                self.request,
                "registration/locked_out.html",
                {"until": timezone.localtime(form.pause.until), "message": pause_message(form.pause)},
                status=429,
            )
        return super().form_invalid(form)


def admin_login(request):
    """The admin's login page sends people to the site's sign-in, keeping where they were going.

    Someone already signed in who is not staff would be sent straight back here: they get a 403 instead.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next', '/admin/')})}")
