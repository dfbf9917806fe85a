"""URL layout: public pages at the root, a municipality's pages under /m/<code>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from omrade.api.api import api
from omrade.shell.views import healthz

urlpatterns = [
    path("", include("omrade.shell.urls")),
    # Each app's municipality pages; views are wrapped in tenancy.access.municipality_view
    # (internal) or public_municipality_view (published figures).
    path("m/<str:municipality_code>/", include("omrade.tenancy.urls")),
    path("m/<str:municipality_code>/", include("omrade.areas.urls")),
    path("m/<str:municipality_code>/", include("omrade.programmes.urls")),
    path("m/<str:municipality_code>/", include("omrade.portfolio.urls")),
    path("m/<str:municipality_code>/", include("omrade.finance.urls")),
    path("m/<str:municipality_code>/", include("omrade.participation.urls")),
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler500 = "omrade.common.errors.server_error"
