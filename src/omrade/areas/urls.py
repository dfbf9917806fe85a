from django.urls import path

from omrade.areas import views

app_name = "areas"

urlpatterns = [
    path("areas/", views.area_map, name="map"),
    path("areas/export.<str:file_format>", views.area_export, name="export"),
    path("areas/compare/", views.area_compare, name="compare"),
    path("areas/gap/", views.gap, name="gap"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/initiative/", views.area_initiative, name="area_initiative"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("statistics/import/", views.statistics_import, name="statistics_import"),
    path("index/", views.index_definition_list, name="index_definition_list"),
    path("baselines/", views.baseline_list, name="baseline_list"),
    path("baselines/<int:pk>/", views.baseline_detail, name="baseline_detail"),
]
