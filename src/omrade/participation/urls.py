from omrade.participation.core import views as core
from omrade.participation.ideas.views import ideas
from omrade.participation.places.views import places
from omrade.participation.surveys import views as surveys

app_name = "participation"

urlpatterns = [
    *places.urlpatterns,
    *ideas.urlpatterns,
    *surveys.urlpatterns,
    *core.urlpatterns,
]
