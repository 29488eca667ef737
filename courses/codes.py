"""Course join codes: strong when generated, checked when a teacher chooses one.

A join code is the only thing between a stranger and a course's lectures and
quizzes, and it is read aloud in class and copied from a board: eight
characters from an alphabet without look-alikes (no 0/O, 1/I/L) give about
10^12 codes, and wrong guesses are throttled per user and per address.
"""

from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
MIN_DISTINCT_CHARACTERS = 4


def new_join_code() -> str:
    """A random code that passes ``join_code_problem`` (a draw of letters only is drawn again)."""
    while True:
        code = get_random_string(JOIN_CODE_LENGTH, allowed_chars=JOIN_CODE_ALPHABET)
        if join_code_problem(code) is None:
            return code


def join_code_problem(code: str) -> str | None:
    """Why a teacher's own code is too easy to guess, or None when it is fine."""
    if len(code) < JOIN_CODE_LENGTH:
        return _("A join code needs at least %(count)d characters.") % {"count": JOIN_CODE_LENGTH}
    if not code.isalnum() or not code.isascii():
        return _("Use only Latin letters and digits in a join code.")
    if len(set(code)) < MIN_DISTINCT_CHARACTERS or code.isdigit() or code.isalpha():
        return _("This join code is too easy to guess: mix letters and digits.")
    return None
