from django.urls import path

from quizzes import gradebook_views, views

app_name = "quizzes"
urlpatterns = [
    path("courses/<str:slug>/quizzes/<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("courses/<str:slug>/quizzes/<int:quiz_id>/start/", views.start, name="start"),
    path("courses/<str:slug>/quizzes/<int:quiz_id>/results/", gradebook_views.quiz_results, name="results"),
    path(
        "courses/<str:slug>/quizzes/<int:quiz_id>/attempts.csv",
        gradebook_views.quiz_attempts_export,
        name="attempts_export",
    ),
    path("courses/<str:slug>/gradebook/", gradebook_views.course_gradebook, name="gradebook"),
    path("courses/<str:slug>/gradebook/export/", gradebook_views.course_gradebook_export, name="gradebook_export"),
    path("courses/<str:slug>/grades/", gradebook_views.my_grades, name="my_grades"),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.attempt_post, name="attempt_post"),
    path("attempts/<int:attempt_id>/autosave/", views.autosave, name="autosave"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/review/", views.review, name="review"),
]
