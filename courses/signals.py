"""How courses tells the apps above it about lectures, without importing them.

``courses`` is the base layer: it imports no other app of the project (see
docs/architecture.md). An app above it connects receivers in its
``AppConfig.ready()``, as ``glossary/apps.py`` does for the glossary.

``lecture_checked``
    Sent each time an imported lecture's warnings are gathered for the teacher
    (the import preview, ``manage.py import_lecture``), before anything is
    saved. Arguments: ``parsed`` (the ``courses.importing.ParsedLecture``) and
    ``warnings``, the list of messages so far: a receiver appends its own,
    translated in the active language.

``lecture_saved``
    Sent by ``courses.importing.save_lecture`` inside its transaction, once the
    lecture, its sections and its plan are written. Arguments: ``lecture`` (the
    saved ``Lecture``, with its ``definitions`` and ``key_terms``) and
    ``parsed``. An exception in a receiver rolls the whole import back.
"""

from django.dispatch import Signal

lecture_checked = Signal()
lecture_saved = Signal()
