from django.urls import path

from omrade.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("settings/map/", views.map_settings, name="map_settings"),
]
