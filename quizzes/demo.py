"""The demo quiz on the seed lecture: one question of every type, with content from the lecture."""

from decimal import Decimal

from django.db import transaction

from quizzes.models import Option, Question, Quiz

DEMO_QUIZ_TITLE = "Жергілікті басқару: 1-дәріс бойынша тест"

# (kind, text, points, feedback, extra question fields, options as (text, is_correct, match, position))
QUESTIONS = [
    (
        "single",
        "«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы» Заң қашан қабылданды?",
        "1",
        "2001 жылғы 23 қаңтардағы N 148 Заң.",
        {},
        [
            ("2001 жылғы 23 қаңтарда", True),
            ("1995 жылғы 30 тамызда", False),
            ("1991 жылғы 16 желтоқсанда", False),
            ("2007 жылғы 21 мамырда", False),
        ],
    ),
    (
        "multiple",
        "Жергілікті өзін-өзі басқару органдарына қайсылары тән? Барлық дұрыс жауапты белгілеңіз.",
        "2",
        "Өзін-өзі басқару органдары сайланады және дербестікке ие; тағайындалатыны — жергілікті басқару органдары.",
        {},
        [
            ("Тікелей азаматтармен сайланады", True),
            ("Белгілі бір өкілеттіктер кешеніне және дербестікке ие", True),
            ("Орталық билікпен тағайындалады", False),
            ("Тек Президенттің өкілі ретінде әрекет етеді", False),
        ],
    ),
    (
        "true_false",
        "Мәслихат сессиясы — мәслихат қызметінің негізгі нысаны.",
        "1",
        "Заңның 13-тармағы: мәслихат сессиясы — мәслихат қызметінің негізгі нысаны.",
        {},
        [("Ақиқат", True), ("Жалған", False)],
    ),
    (
        "short",
        "Жергілікті өкілді орган қалай аталады? Бір сөзбен жазыңыз.",
        "1",
        "Жергілікті өкілді орган — мәслихат.",
        {"typo_tolerance": 1},
        [("мәслихат", True), ("маслихат", True)],
    ),
    (
        "numeric",
        "1995 жылғы Конституцияның қай бабы бойынша Қазақстанда жергілікті өзін-өзі басқару танылады? Бап нөмірін жазыңыз.",
        "1",
        "Конституцияның 8-бөлімі, 89-бабы.",
        {"numeric_answer": Decimal("89")},
        [],
    ),
    (
        "matching",
        "Елдерді жергілікті өзін-өзі басқарудың үлгісімен сәйкестендіріңіз.",
        "3",
        "Англосаксондық үлгі — АҚШ, Ұлыбритания, Канада; француздық — Еуропа, Африка, Латын Америкасының бірқатар елдері; кеңестік — Қытай, Куба, КХДР.",
        {},
        [
            ("Ұлыбритания", False, "англосаксондық үлгі"),
            ("Латын Америкасының бірқатар елдері", False, "француздық үлгі"),
            ("Куба", False, "кеңестік үлгі"),
        ],
    ),
    (
        "ordering",
        "Мемлекеттік басқарудың даму кезеңдерін уақыт ретімен орналастырыңыз.",
        "5",
        "1991–1997, 1997–2007, 2007–2017, 2017–2020, 2020 жылдан қазірге дейін.",
        {},
        [
            ("Институционализация государственного управления", False, "", 1),
            ("Социальное государство: «сначала экономика, потом политика»", False, "", 2),
            ("«Қазақстан-2050» стратегиясы", False, "", 3),
            ("Бес институционалдық реформа", False, "", 4),
            ("Азаматтар мен мемлекеттің өзара іс-қимылы мәселелерін шешу", False, "", 5),
        ],
    ),
    (
        "cloze",
        "Жергілікті атқарушы органды {1:SHORTANSWER:=әкімдік~=акимат} деп атайды; оны "
        "{1:MULTICHOICE:=әкім~мәслихат хатшысы~Парламент} басқарады. Жергілікті өкілді орган — "
        "{1:SHORTANSWER:=мәслихат~=маслихат}.",
        "3",
        "Заңның 1-бабы: 4) жергілікті атқарушы орган (әкімдік); 1) әкім; жергілікті өкілді орган (мәслихат).",
        {},
        [],
    ),
    (
        "essay",
        "Жергілікті мемлекеттік басқару мен жергілікті өзін-өзі басқарудың айырмашылығын түсіндіріңіз (100 сөзге дейін).",
        "4",
        "Басқару органдары тағайындалады және орталыққа бағынады; өзін-өзі басқару органдары сайланады және дербес.",
        {"word_limit": 100},
        [],
    ),
]


@transaction.atomic
def create_demo_quiz(course) -> Quiz:
    """A published quiz on the demo course; its questions are refreshed while nobody has attempted it."""
    quiz, _created = Quiz.objects.get_or_create(
        course=course,
        title=DEMO_QUIZ_TITLE,
        defaults={
            "lecture": course.lectures.order_by("position").first(),
            "instructions": "Тест 1-дәріс бойынша. Уақыт — 20 минут, 3 әрекет, ең жоғары баға есептеледі.",
            "is_published": True,
            "time_limit_minutes": 20,
            "attempts_allowed": 3,
            "grading_method": Quiz.Grading.HIGHEST,
        },
    )
    if quiz.attempts.exists():
        return quiz
    quiz.questions.all().delete()
    for position, (kind, text, points, feedback, extra, options) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            quiz=quiz, position=position, kind=kind, text=text, points=Decimal(points), feedback=feedback, **extra
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                position=option[3] if len(option) > 3 else number,
                text=option[0],
                is_correct=option[1],
                match=option[2] if len(option) > 2 else "",
            )
            for number, option in enumerate(options, start=1)
        )
    return quiz
