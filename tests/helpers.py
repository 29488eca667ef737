"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from django.urls import reverse

from tests.factories import PASSWORD


def login(client, username, password=PASSWORD, ip="10.1.1.1", **headers):
    """Sign in through the login form, as a browser would, from ``ip``."""
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def form_fields(response, selector: str = "form") -> dict[str, list[str]]:
    """The fields a browser would submit from the form on a page: name → values, as it shows them."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(response.content, "html.parser").select_one(selector)
    fields: dict[str, list[str]] = {}
    for element in form.select("input[name], select[name], textarea[name]"):
        name = element["name"]
        if element.name == "select":
            chosen = [option.get("value", option.get_text()) for option in element.select("option[selected]")]
            values = chosen or ([] if element.has_attr("multiple") else [element.select_one("option").get("value", "")])
        elif element.name == "textarea":
            values = [element.get_text().removeprefix("\n")]
        elif element.get("type") in ("checkbox", "radio"):
            values = [element.get("value", "on")] if element.has_attr("checked") else []
        elif element.get("type") in ("submit", "button", "file", "image"):
            values = []
        else:
            values = [element.get("value", "")]
        if values:
            fields.setdefault(name, []).extend(values)
    return fields
