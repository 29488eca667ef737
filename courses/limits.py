"""Limits on what a request may carry, checked once at the boundary.

PostgreSQL refuses NUL in text, spreadsheets refuse most other control
characters, and Python's JSON parser recurses: hostile or broken input is
turned away here with a clear 400 instead of failing deep inside a view.
Tab, line feed and carriage return are ordinary text and pass.
"""

from __future__ import annotations

import json
import math
import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Nesting deeper than any answer needs; deeper JSON is refused before it can exhaust the stack.
MAX_JSON_DEPTH = 20


class RequestTooLarge(BadRequest):
    def __init__(self):
        super().__init__(_("The request is too large."))


class ControlCharacterError(BadRequest):
    def __init__(self):
        super().__init__(_("The request contains control characters (such as a NUL byte) that cannot be saved."))


def has_control_character(value: object) -> bool:
    """True if a string, or any key or value inside lists and dicts, holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(has_control_character(key) or has_control_character(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_control_character(item) for item in value)
    return False


def _depth(value: object) -> int:
    depth, level = 0, [value]
    while level:
        depth += 1
        if depth > MAX_JSON_DEPTH:
            return depth
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return depth


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    """Numbers too large for a float (1e400) would become infinity, which no answer can hold."""
    number = float(text)
    if math.isinf(number):
        raise ValueError("number out of range")
    return number


def read_json(body: bytes, *, max_bytes: int) -> object:
    """Parse a JSON request body, or raise BadRequest with a message a person can read."""
    if len(body) > max_bytes:
        raise RequestTooLarge()
    try:
        value = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except (ValueError, RecursionError):
        raise BadRequest(_("The request was not understood.")) from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BadRequest(_("The request was not understood."))
    if has_control_character(value):
        raise ControlCharacterError()
    return value
