"""The lecture importer on the user's seed lecture and on documents of every supported format."""

import pytest

from courses.importing import MAX_FILE_SIZE, ImportRejected, clean, parse_lecture, save_lecture
from tests.factories import make_course, make_docx

pytestmark = pytest.mark.usefixtures("english")
SEED_NAME = "lecture-01-local-government.kk.txt"
UNDEFINED_SEED_TERM = "орталық мемлекеттік органның аумақтық бөлімшесі"


@pytest.fixture
def seed(seed_lecture):
    return parse_lecture(SEED_NAME, seed_lecture)


class TestSeedLecture:
    def test_plan_goal_and_key_terms(self, seed):
        assert seed.plan == [
            "Қазақстан Республикасында жергілікті басқару және өзін-өзі басқарудың теориялық негіздері",
            "Жергілікті басқару және өзін-өзі басқарудың даму кезеңдері",
        ]
        assert seed.goal.startswith("студенттерге Қазақстан Республикасында жергілікті басқару")
        assert len(seed.key_terms) == 13
        assert seed.key_terms[0].term == "әкім"
        maslikhat = next(term for term in seed.key_terms if term.alias)
        assert (maslikhat.term, maslikhat.alias) == ("жергілікті өкілді орган", "мәслихат")

    def test_nineteen_numbered_law_definitions_with_sub_items(self, seed):
        numbered = [definition for definition in seed.definitions if definition.number]
        assert [definition.number for definition in numbered] == [
            "1", "2", "3", "3-1", "3-2", "4", "5", "6", "6-1", "6-2", "7", "8", "9", "9-1", "9-2", "10", "11", "12", "13",
        ]  # fmt: skip
        by_number = {definition.number: definition for definition in numbered}
        assert by_number["1"].term == "әкім"
        assert by_number["3-1"].term == "әлеуметтік инфрақұрылым"
        assert (by_number["11"].term, by_number["11"].alias) == ("жергілікті өкілді орган", "мәслихат")
        assert (by_number["4"].term, by_number["4"].alias) == ("жергілікті атқарушы орган", "әкімдік")
        assert by_number["13"].text == "мәслихат қызметінің негізгі нысаны"
        assert "туралы" in by_number["9"].source and by_number["9"].source.endswith(", 9")

    def test_inline_definitions_are_found_once_despite_the_repeat(self, seed):
        inline = [definition for definition in seed.definitions if not definition.number]
        assert [definition.term for definition in inline] == [
            "Жергілікті өзін-өзі басқару",
            "Жергілікті өзін-өзі басқару органдары",
        ]
        assert inline[1].text == "бұл тікелей азаматтармен сайланатын органдар."

    def test_repeated_paragraphs_at_the_end_are_warned_about(self, seed):
        assert [(repeat.verbatim) for repeat in seed.repeats] == [True, False, False]
        first, constitution, anglo_saxon = seed.repeats
        blocks = {block.number: block for block in seed.blocks}
        assert blocks[first.original].plain.startswith("Жергілікті өзін-өзі басқару —")
        assert "(1995)" in blocks[constitution.number].plain and "(1995)" not in blocks[constitution.original].plain
        assert blocks[anglo_saxon.original].plain.startswith("Англосаксондық")
        assert sum("repeats paragraph" in warning for warning in seed.warnings) == 3

    def test_key_term_without_definition_is_warned_about(self, seed):
        assert [term.term for term in seed.undefined_key_terms] == [UNDEFINED_SEED_TERM]
        assert any(UNDEFINED_SEED_TERM in warning for warning in seed.warnings)

    def test_sections_follow_the_plan(self, seed):
        assert [section.title for section in seed.sections] == seed.plan
        periods = seed.sections[1]
        assert periods.blocks[0].plain.startswith("Бірінші кезең (1991-1997 жж.)")
        assert [block.plain.split(" (")[0] for block in periods.blocks[:4]] == [
            "Бірінші кезең",
            "Екінші кезең",
            "Үшінші кезең",
            "Төртінші кезең",
        ]

    def test_bullets_empty_bullets_and_a_list_that_lost_its_first_marker(self, seed):
        bullets = [block for block in seed.blocks if block.kind == "bullet"]
        assert all(block.plain for block in bullets), "empty '·' bullets are skipped"
        problems = [block.plain for block in bullets if block.plain.endswith(";")]
        assert problems[0] == "азаматтар мен мемлекет арасында тиісті өзара іс-қимылдың болмауы;"
        assert (
            len([block for block in bullets if not block.plain.startswith(("Бірінші", "Екінші", "Үшінші", "Төртінші"))])
            == 9
        )

    def test_conversion_leftovers_are_gone(self, seed):
        assert not any("bookmark" in block.plain or "_Hlk" in block.markdown for block in seed.blocks)
        assert not any("  " in block.plain for block in seed.blocks)

    def test_summary_counts(self, seed):
        assert seed.summary() == {
            "plan_items": 2,
            "goal": 1,
            "key_terms": 13,
            "definitions": 21,
            "numbered_definitions": 19,
            "sections": 2,
            "paragraphs": 42,
        }


class TestFormats:
    def test_txt_with_bom_crlf_and_non_breaking_spaces(self):
        text = "\ufeff1. Кіріспе\r\n2. Негізгі бөлім\r\n\r\nДәрістің мақсаты:\u00a0түсіндіру\r\nKey terms: әкім, мәслихат\r\n"
        parsed = parse_lecture("notes.txt", text.encode())
        assert parsed.plan == ["Кіріспе", "Негізгі бөлім"]
        assert parsed.goal == "түсіндіру"
        assert [term.term for term in parsed.key_terms] == ["әкім", "мәслихат"]

    def test_russian_and_english_labels(self):
        russian = "Цель лекции — объяснить основы\nКлючевые термины: аким, маслихат\n"
        parsed = parse_lecture("ru.txt", russian.encode())
        assert parsed.goal == "объяснить основы"
        assert [term.term for term in parsed.key_terms] == ["аким", "маслихат"]
        english = "Lecture goal: explain the basics\nKey terms — akim, maslikhat (local council)\n"
        parsed = parse_lecture("en.txt", english.encode())
        assert parsed.goal == "explain the basics"
        assert [(term.term, term.alias) for term in parsed.key_terms] == [("akim", ""), ("maslikhat", "local council")]

    @pytest.mark.parametrize("dash", ["-", "–", "—"])
    def test_definition_dash_variants(self, dash):
        parsed = parse_lecture(
            "d.txt", f"1) әкім {dash} Президенттің өкілі;\n2-1) мәслихат {dash} өкілді орган.".encode()
        )
        assert [(d.number, d.term, d.text) for d in parsed.definitions] == [
            ("1", "әкім", "Президенттің өкілі"),
            ("2-1", "мәслихат", "өкілді орган"),
        ]

    def test_markdown_with_headings_bullets_and_wrapped_paragraphs(self):
        text = (
            "# Жергілікті басқару\n\n1. Теория\n2. Тарих\n\nДәрістің мақсаты – түсіндіру\n\n"
            "## Теория\n\nӘкім — Президенттің\nжергілікті өкілі.\n\n- бірінші\n- екінші\n\n## Тарих\n\nМәтін.\n"
        )
        parsed = parse_lecture("notes.md", text.encode())
        assert parsed.title == "Жергілікті басқару"
        assert parsed.plan == ["Теория", "Тарих"]
        assert [section.title for section in parsed.sections] == ["Теория", "Тарих"]
        theory = parsed.sections[0].blocks
        assert theory[0].definition.term == "Әкім"
        assert theory[0].plain == "Әкім — Президенттің жергілікті өкілі."
        assert [block.kind for block in theory[1:]] == ["bullet", "bullet"]

    def test_docx_headings_lists_and_bold_runs(self):
        data = make_docx(
            [
                ("Title", "Жергілікті өзін-өзі басқару"),
                ("List Number", "Теориялық негіздер"),
                ("List Number", "Даму кезеңдері"),
                ("Normal", "Дәрістің мақсаты – негіздерді түсіндіру"),
                ("Normal", "Негізгі терминдер: әкім, жергілікті өкілді орган (мәслихат)"),
                ("Heading 1", "Теориялық негіздер"),
                ("Normal", "Бұл **маңызды** ұғым [bookmark: _Hlk80114533]туралы."),
                ("Normal", "11) жергілікті өкілді орган (мәслихат) - халық сайлайтын орган;"),
                ("Heading 1", "Даму кезеңдері"),
                ("List Bullet", "Бірінші кезең (1991-1997 жж.)"),
                ("List Bullet", ""),
                ("List Bullet", "Екінші кезең (1997-2007 жж.)"),
            ]
        )
        parsed = parse_lecture("notes.docx", data)
        assert parsed.title == "Жергілікті өзін-өзі басқару"
        assert parsed.plan == ["Теориялық негіздер", "Даму кезеңдері"]
        assert parsed.goal == "негіздерді түсіндіру"
        assert [term.term for term in parsed.key_terms] == ["әкім", "жергілікті өкілді орган"]
        assert [section.title for section in parsed.sections] == parsed.plan
        first = parsed.sections[0].blocks
        assert first[0].markdown == "Бұл **маңызды** ұғым туралы."
        assert first[1].definition.alias == "мәслихат"
        assert [block.plain for block in parsed.sections[1].blocks] == [
            "Бірінші кезең (1991-1997 жж.)",
            "Екінші кезең (1997-2007 жж.)",
        ]
        assert parsed.undefined_key_terms == [parsed.key_terms[0]]

    def test_markdown_special_characters_in_plain_text_stay_text(self):
        parsed = parse_lecture("x.txt", "Формула *a* < b_c > [d] #1 & <script>alert(1)</script>".encode())
        from courses.rendering import render_markdown

        html = render_markdown(parsed.blocks[0].markdown)
        assert "<script>" not in html and "<em>" not in html
        assert "*a* &lt; b_c &gt; [d] #1 &amp;" in html


class TestBadInput:
    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("empty.txt", b"", "empty"),
            ("blank.md", b"\xef\xbb\xbf  \r\n\r\n", "empty"),
            ("cp1251.txt", "Дәріс".encode("utf-16"), "UTF-8"),
            ("latin1.txt", "Кіріспе".encode("cp1251", errors="replace") + b"\xff\xfe", "UTF-8"),
            ("broken.docx", b"PK\x03\x04 this is not really a zip", "damaged"),
            ("random.docx", b"\x00\x01\x02 garbage", "damaged"),
            ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password"),
            ("slides.pptx", b"PK\x03\x04", "not a supported file"),
            ("notes.pdf", b"%PDF-1.7", "not a supported file"),
            ("big.txt", b"a" * (MAX_FILE_SIZE + 1), "larger than"),
            ("only-bullets.txt", "·\n· \n".encode(), "no text"),
        ],
    )
    def test_clear_message_and_nothing_parsed(self, name, data, message):
        with pytest.raises(ImportRejected, match=message):
            parse_lecture(name, data)

    def test_empty_docx_has_no_text(self):
        with pytest.raises(ImportRejected, match="no text"):
            parse_lecture("empty.docx", make_docx([]))


def test_clean_removes_bookmarks_and_collapses_spaces():
    assert clean("·  [bookmark: _Hlk80115818]Үшінші   кезең\u00a0 (2007)") == "· Үшінші кезең (2007)"


@pytest.mark.django_db
class TestSaving:
    def test_save_creates_sections_plan_links_and_keeps_definitions(self, seed):
        course = make_course()
        lecture = save_lecture(seed, course=course, title="Жергілікті басқару")
        assert lecture.slug == "жергілікті-басқару"
        assert list(lecture.plan_items.values_list("title", flat=True)) == seed.plan
        assert all(item.section is not None for item in lecture.plan_items.all())
        assert lecture.sections.count() == 2
        assert len(lecture.definitions) == 21 and len(lecture.key_terms) == 13
        assert 'id="def-3-1"' in lecture.sections.first().body_html
        assert not lecture.is_published, "a new lecture waits for the teacher to publish it"

    def test_reimporting_the_same_document_updates_the_lecture(self, seed, seed_lecture):
        course = make_course()
        first = save_lecture(seed, course=course, title="Жергілікті басқару")
        first.is_published = True
        first.save()
        again = save_lecture(parse_lecture(SEED_NAME, seed_lecture).without({40}), course=course)
        assert again.pk == first.pk
        assert course.lectures.count() == 1
        assert again.sections.count() == 2 and again.plan_items.count() == 2
        again.refresh_from_db()
        assert again.is_published and again.title == "Жергілікті басқару"
        assert "Жергілікті өзін-өзі басқару — мемлекеттегі" not in again.sections.last().body

    def test_leaving_out_a_repeat_removes_only_that_paragraph(self, seed):
        lecture = save_lecture(seed.without({40}), course=make_course(), title="T")
        periods = lecture.sections.get(position=2).body
        assert periods.count("Англосаксондық") == 1
        assert "мемлекеттегі белгілі бір әкімшілік" not in periods


def test_a_very_long_title_line_is_cut_to_fit():
    parsed = parse_lecture("long.txt", ("Дәріс 6. " + "ұзын " * 150 + "\nМәтін.").encode())
    assert 0 < len(parsed.title) <= 200


@pytest.mark.django_db
def test_a_markdown_lecture_cannot_inject_page_classes_or_ids_but_keeps_definition_anchors():
    from tests.courses.test_rendering import classes_and_ids

    document = (
        "# Дәріс 1. Жергілікті басқару\n\n"
        "## Кіріспе\n\n"
        'Мәтін <a class="stretched-link" id="main" href="#">x</a> жалғасы.\n\n'
        "Екінші абзац\n{: .stretched-link #main }\n\n"
        "Әкімдік туралы «Қазақстан Республикасындағы жергілікті мемлекеттік басқару туралы» Заңы.\n\n"
        "1) әкім – Президенттің өкілі;\n"
    )
    lecture = save_lecture(parse_lecture("notes.md", document.encode()), course=make_course())
    lecture.body = 'Кіріспе <span class="fixed-top" id="content-main">x</span>\n{: .stretched-link #main }'
    lecture.save()
    html = lecture.body_html + "".join(section.body_html for section in lecture.sections.all())
    classes, ids = classes_and_ids(html)
    assert classes == {"definition"}
    assert ids == {"def-1"}


class TestReservedSlugs:
    def test_read_from_the_url_configuration(self):
        from courses.importing import reserved_course_slugs, reserved_lecture_slugs

        assert reserved_lecture_slugs() == {"gradebook", "glossary", "grades", "quizzes"}
        assert reserved_course_slugs() == {"join"}

    def test_a_new_course_page_is_reserved_without_editing_a_list(self, settings):
        from courses.importing import reserved_course_slugs, reserved_lecture_slugs

        settings.ROOT_URLCONF = "tests.courses.reserved_urls"
        assert "attendance" in reserved_lecture_slugs()
        assert "archive" in reserved_course_slugs()
        assert "report" not in reserved_lecture_slugs(), "only the first segment under a course"

    @pytest.mark.django_db
    @pytest.mark.parametrize("title", ["Gradebook", "glossary", "GRADES", "Quizzes"])
    def test_the_importer_never_gives_a_lecture_such_an_address(self, title):
        from courses.importing import reserved_lecture_slugs

        course = make_course()
        lecture = save_lecture(parse_lecture("x.txt", "Мәтін.".encode()), course=course, title=title)
        assert lecture.slug not in reserved_lecture_slugs()
        assert lecture.slug == f"{title.lower()}-2"
