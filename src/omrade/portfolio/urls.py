from omrade.portfolio.views import criteria, measures, plans, selection

app_name = "portfolio"

urlpatterns = [
    *measures.urlpatterns,
    *criteria.urlpatterns,
    *selection.urlpatterns,
    *plans.urlpatterns,
]
