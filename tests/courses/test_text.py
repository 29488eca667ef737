"""Kazakh text rules: folding, alphabetical order, inflected word forms from the seed lecture."""

import random

import pytest

from courses.text import (
    KAZAKH_ALPHABET,
    first_letter,
    matches_inflected,
    normalize,
    phrase_matches,
    sort_key,
    stems,
    words,
)


@pytest.mark.parametrize("upper", list(KAZAKH_ALPHABET))
def test_every_kazakh_capital_folds_to_its_small_letter(upper):
    assert normalize(upper) == upper.lower().replace("ё", "е")


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("МӘСЛИХАТ", "мәслихат"),
        ("Әкім", "әкім"),
        ("ҚОҒАМДАСТЫҚ ІСІ", "қоғамдастық ісі"),
        ("Ёлка", "елка"),
        ("өзін–өзі — «басқару»", 'өзін-өзі - "басқару"'),
        ("  жергілікті\u00a0  өкілді\n орган ", "жергілікті өкілді орган"),
        ("мəслихат", "мәслихат"),  # Latin schwa typed for Ә
        ("Aкiм", "акім"),  # Latin A and i inside a Cyrillic word
        ("Akim", "akim"),  # a Latin word stays Latin
        ("e\u0301", "é"),  # NFC
    ],
)
def test_normalize(raw, folded):
    assert normalize(raw) == folded


def test_words_keep_hyphenated_words_whole():
    assert words("Жергілікті өзін-өзі басқару, (мәслихат).") == ["жергілікті", "өзін-өзі", "басқару", "мәслихат"]


def test_sort_key_puts_every_kazakh_letter_in_place():
    letters = list(KAZAKH_ALPHABET)
    for _ in range(5):
        random.shuffle(letters)
        assert "".join(sorted(letters, key=sort_key)) == KAZAKH_ALPHABET
        assert "".join(sorted((letter.lower() for letter in letters), key=sort_key)) == KAZAKH_ALPHABET.lower()


def test_sort_key_orders_terms_like_a_kazakh_dictionary():
    terms = [
        "мәслихат",
        "Ақпарат",
        "әкімдік",
        "әкім аппараты",
        "Әкім",
        "ұйым",
        "үкімет",
        "іс",
        "ы",
        "Zeta",
        "алма",
        "1991 жыл",
    ]
    assert sorted(terms, key=sort_key) == [
        "1991 жыл", "Ақпарат", "алма", "Әкім", "әкім аппараты", "әкімдік", "мәслихат", "ұйым", "үкімет", "ы", "іс", "Zeta",
    ]  # fmt: skip


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert sort_key("Әкім — Zeta №1").isdigit()


@pytest.mark.parametrize(
    ("term", "letter"), [("әкім", "Ә"), ("Ұйым", "Ұ"), ("«Нұр Отан»", "Н"), ("1991", "#"), ("zeta", "Z")]
)
def test_first_letter(term, letter):
    assert first_letter(term) == letter


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("әкімнің", "әкім"),
        ("әкімдер", "әкім"),
        ("әкімге", "әкім"),
        ("әкімінің", "әкім"),
        ("мәслихаттың", "мәслихат"),
        ("мәслихатқа", "мәслихат"),
        ("мәслихаттары", "мәслихат"),
        ("мәслихаттардың", "мәслихат"),
        ("әкімдіктің", "әкімдік"),
        ("әкімдігі", "әкімдік"),  # к → г before a vowel
        ("органдары", "орган"),
        ("органның", "орган"),
        ("қоғамдастықтың", "қоғамдастық"),
        ("қоғамдастығы", "қоғамдастық"),  # қ → ғ before a vowel
        ("кітабы", "кітап"),  # п → б before a vowel
        ("облыстағы", "облыс"),
        ("маслихата", "маслихат"),  # a Russian case ending
    ],
)
def test_inflected_forms_match_their_base(word, base):
    assert matches_inflected(word, base)


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("әкімдіктің", "әкім"),  # әкімдік (akimat) is another word
        ("әкімшілік", "әкім"),
        ("атқарушы", "ат"),  # too short a base to guess
        ("органикалық", "орган"),
        ("мәслихатты-ақ", "мәслихат"),
        ("әкм", "әкім"),
    ],
)
def test_other_words_do_not_match(word, base):
    assert not matches_inflected(word, base)


def test_stems_recover_the_base_of_an_inflected_query():
    assert "әкімдік" in stems("әкімдіктің")
    assert "мәслихат" in stems("МӘСЛИХАТҚА")
    assert "қоғамдастық" in stems("қоғамдастығы")


def test_phrase_matches_inflects_only_the_last_word():
    term = words("жергілікті өкілді орган")
    assert phrase_matches(words("Жергілікті өкілді органның"), term)
    assert not phrase_matches(words("жергілікті өкілдің органы"), term)
