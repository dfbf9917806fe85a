"""Pages for surveys and children's map registrations, one module per section: the staff's
builder (`builder.py`), results and exports (`results.py`), the residents' answering pages
(`resident.py`) and Barnetråkk (`childmaps.py`); `urlpatterns` wires them in one order."""

from __future__ import annotations

from django.urls import URLPattern, path

from omrade.participation.surveys.views import builder, childmaps, resident, results

urlpatterns: list[URLPattern] = [
    # Staff
    path("surveys/", builder.survey_list, name="survey_list"),
    path("surveys/new/", builder.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", builder.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", builder.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/publish/", builder.survey_publish, name="survey_publish"),
    path("surveys/<int:pk>/pages/add/", builder.survey_page_add, name="survey_page_add"),
    path(
        "surveys/<int:pk>/pages/<int:page_pk>/", builder.survey_page_edit, name="survey_page_edit"
    ),
    path(
        "surveys/<int:pk>/pages/<int:page_pk>/delete/",
        builder.survey_page_delete,
        name="survey_page_delete",
    ),
    path(
        "surveys/<int:pk>/pages/<int:page_pk>/questions/add/",
        builder.survey_question_add,
        name="survey_question_add",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/",
        builder.survey_question_edit,
        name="survey_question_edit",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/delete/",
        builder.survey_question_delete,
        name="survey_question_delete",
    ),
    path(
        "surveys/<int:pk>/translate/<str:language>/",
        builder.survey_translate,
        name="survey_translate",
    ),
    path("surveys/<int:pk>/tokens/", builder.survey_tokens, name="survey_tokens"),
    path("surveys/<int:pk>/results/", results.survey_results, name="survey_results"),
    path("surveys/<int:pk>/export/<str:file_format>/", results.survey_export, name="survey_export"),
    path("surveys/<int:pk>/assisted/", results.survey_assisted, name="survey_assisted"),
    path("childmaps/", childmaps.childmap_list, name="childmap_list"),
    path("childmaps/<int:pk>/", childmaps.childmap_detail, name="childmap_detail"),
    path("childmaps/<int:pk>/close/", childmaps.childmap_close, name="childmap_close"),
    path("childmaps/<int:pk>/school/", childmaps.childmap_school, name="childmap_school"),
    path("childmaps/<int:pk>/export.geojson", childmaps.childmap_export, name="childmap_export"),
    # Residents (public)
    path("undersokelser/", resident.survey_open_list, name="survey_open_list"),
    path("undersokelser/<int:pk>/", resident.survey_start, name="survey_start"),
    path("undersokelser/<int:pk>/side/<int:number>/", resident.survey_page, name="survey_page"),
    path("undersokelser/<int:pk>/send/", resident.survey_submit, name="survey_submit"),
    path("undersokelser/<int:pk>/takk/", resident.survey_thanks, name="survey_thanks"),
    path(
        "undersokelser/<int:pk>/resultater/",
        resident.survey_public_results,
        name="survey_public_results",
    ),
    path("barnetrakk/", childmaps.childmap_enter, name="childmap_enter"),
    path("barnetrakk/<str:session_code>/", childmaps.childmap_draw, name="childmap_draw"),
]
