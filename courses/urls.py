from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("join/", views.join_course, name="join"),
    path("<str:slug>/", views.course_detail, name="course"),
    path("<str:slug>/<str:lecture_slug>/", views.lecture_detail, name="lecture"),
]
