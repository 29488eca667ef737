from django import template
from django.utils.html import escape
from django.utils.text import Truncator

from glossary.search import highlight as highlight_matches

register = template.Library()


@register.simple_tag
def highlight(value: str, query: str, words: int = 0):
    """``value`` (optionally cut to ``words`` words) with the words matching ``query`` marked."""
    if words:
        value = Truncator(value).words(words)
    return highlight_matches(value, query) if query else escape(value)
