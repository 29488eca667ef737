from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("courses/<str:slug>/quizzes/<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("courses/<str:slug>/quizzes/<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.attempt_post, name="attempt_post"),
    path("attempts/<int:attempt_id>/autosave/", views.autosave, name="autosave"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/review/", views.review, name="review"),
]
