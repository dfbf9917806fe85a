from django.urls import path

from omrade.shell import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("switch/", views.switch_municipality, name="switch_municipality"),
    path("m/<str:municipality_code>/", views.dashboard, name="dashboard"),
    path("m/<str:municipality_code>/mitt-arbeid/", views.my_work, name="my_work"),
]
