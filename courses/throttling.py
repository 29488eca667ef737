"""Pausing password and join-code guessing without letting anyone lock out someone else.

The login pause follows OWASP's "device cookies" scheme. A browser that has
signed in to an account holds a signed cookie naming that account. Wrong
passwords typed on such a *known device* count only against that device;
wrong passwords from anywhere else count against the account's *unknown
devices* as a whole, and against the address they came from (password
spraying across usernames). So an attacker who types wrong passwords under
a student's name pauses only unknown devices: the student, on the phone or
laptop they used before, signs in as usual. A class behind one campus NAT
address is never paused by one student's typos, because the per-address
limit is far above what a class mistypes.

Counts live in the database (``Failure``), so every worker and app server
sees the same ones, and losing the cache changes nothing here.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import get_random_string

from courses.models import Failure

DEVICE_COOKIE_SALT = "courses.throttling.device"
# Accounts one browser remembers (a shared computer in a lab signs in many students).
DEVICE_ACCOUNTS_KEPT = 20


@dataclass(frozen=True)
class Pause:
    until: datetime
    # "account": wrong passwords for this account; "address": many accounts guessed from this network.
    scope: str = "account"


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or the one the configured proxies saw.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with ``PROXY_COUNT`` trusted proxies the client is that
    many entries from the right. Entries further left came from the client
    itself and are never trusted.
    """
    address = request.META.get("REMOTE_ADDR")
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            address = forwarded[-settings.PROXY_COUNT]
    return canonical_address(address)


def canonical_address(address: str | None) -> str | None:
    """The address in its canonical form, or None when it is not an IP address."""
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


def address_key(address: str | None) -> str | None:
    """The unit counted per address: the address itself, or its /64 for IPv6 (one home or phone gets a whole /64)."""
    if address and ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def account_key(username: str) -> str:
    return username.strip().casefold()[:150]


def _known_devices(request) -> dict[str, str]:
    """Account key → device id, from this browser's signed cookie (empty if absent or forged)."""
    value = request.COOKIES.get(settings.DEVICE_COOKIE_NAME)
    if not value:
        return {}
    try:
        devices = signing.loads(value, salt=DEVICE_COOKIE_SALT, max_age=settings.DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return {}
    return devices if isinstance(devices, dict) else {}


def known_device(request, username: str) -> str:
    """This browser's device id for the account, or "" for an unknown device."""
    device = _known_devices(request).get(account_key(username), "")
    return device if isinstance(device, str) else ""


def _pause_from(times: list[datetime], limit: int, scope: str = "account") -> Pause | None:
    """Paused while ``limit`` failures lie inside the window: until the oldest of the latest ``limit`` leaves it."""
    if len(times) < limit:
        return None
    return Pause(until=sorted(times)[-limit] + settings.LOGIN_PAUSE, scope=scope)


def _recent(kind: str, **match) -> list[datetime]:
    since = timezone.now() - settings.LOGIN_PAUSE
    return list(Failure.objects.filter(kind=kind, at__gte=since, **match).values_list("at", flat=True))


def login_pause(request, username: str) -> Pause | None:
    """Whether signing in to ``username`` from this request is paused, and until when."""
    device = known_device(request, username)
    if device:
        return _pause_from(_recent(Failure.Kind.LOGIN, device=device), settings.LOGIN_FAILURE_LIMIT)
    account = _pause_from(
        _recent(Failure.Kind.LOGIN, account=account_key(username), device=""), settings.LOGIN_FAILURE_LIMIT
    )
    address = address_key(client_address(request))
    spraying = address and _pause_from(
        _recent(Failure.Kind.LOGIN, address=address, device=""), settings.LOGIN_ADDRESS_FAILURE_LIMIT, "address"
    )
    pauses = [pause for pause in (account, spraying) if pause]
    return max(pauses, key=lambda pause: pause.until) if pauses else None


def _record(kind: str, account: str, address: str | None, device: str = "") -> None:
    """Store one failure, and drop every failure that no longer counts (indexed on ``at``: a few rows a time)."""
    Failure.objects.filter(at__lt=timezone.now() - settings.LOGIN_PAUSE).delete()
    Failure.objects.create(kind=kind, account=account, address=address_key(address), device=device)


def record_login_failure(request, username: str) -> None:
    _record(Failure.Kind.LOGIN, account_key(username), client_address(request), known_device(request, username))


def remember_device(request, response, username: str) -> None:
    """After a successful sign-in, mark this browser as a known device of the account."""
    devices = _known_devices(request)
    key = account_key(username)
    devices.pop(key, None)
    devices[key] = get_random_string(24)
    kept = dict(list(devices.items())[-DEVICE_ACCOUNTS_KEPT:])
    response.set_cookie(
        settings.DEVICE_COOKIE_NAME,
        signing.dumps(kept, salt=DEVICE_COOKIE_SALT, compress=True),
        max_age=int(settings.DEVICE_COOKIE_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def current_pause(username: str) -> Pause | None:
    """The pause on the account's unknown devices, as a teacher or administrator sees it."""
    return _pause_from(
        _recent(Failure.Kind.LOGIN, account=account_key(username), device=""), settings.LOGIN_FAILURE_LIMIT
    )


def lift_login_pause(username: str) -> int:
    """Forget the account's wrong passwords (an unlock, or a new password); returns how many."""
    deleted, _details = Failure.objects.filter(kind=Failure.Kind.LOGIN, account=account_key(username)).delete()
    return deleted


def lift_address_pause(address: str) -> int:
    """Forget the wrong passwords counted against a network address (the administrator's command)."""
    deleted, _details = Failure.objects.filter(kind=Failure.Kind.LOGIN, address=address_key(address)).delete()
    return deleted


def join_code_pause(request) -> Pause | None:
    """Wrong join codes: paused per user, and per address at a higher limit (a class shares one)."""
    mine = _pause_from(_recent(Failure.Kind.JOIN_CODE, account=str(request.user.pk)), settings.JOIN_CODE_FAILURE_LIMIT)
    address = address_key(client_address(request))
    shared = address and _pause_from(
        _recent(Failure.Kind.JOIN_CODE, address=address), settings.JOIN_CODE_FAILURE_LIMIT * 10, "address"
    )
    pauses = [pause for pause in (mine, shared) if pause]
    return max(pauses, key=lambda pause: pause.until) if pauses else None


def record_join_code_failure(request) -> None:
    _record(Failure.Kind.JOIN_CODE, str(request.user.pk), client_address(request))
