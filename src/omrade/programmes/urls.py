from omrade.programmes.views import barriers, governance, meetings, programme

app_name = "programmes"

urlpatterns = [
    *programme.urlpatterns,
    *governance.urlpatterns,
    *meetings.urlpatterns,
    *barriers.urlpatterns,
]
