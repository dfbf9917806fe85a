from django.urls import path

from omrade.shell import views

app_name = "shell"

urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch_municipality, name="switch_municipality"),
    path("m/<str:municipality_code>/", views.dashboard, name="dashboard"),
]
