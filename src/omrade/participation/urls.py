from omrade.participation.views import ideas, places, surveys

app_name = "participation"

urlpatterns = [
    *places.urlpatterns,
    *ideas.urlpatterns,
    *surveys.urlpatterns,
]
