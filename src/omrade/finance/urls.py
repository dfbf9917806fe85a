from omrade.finance.views import actuals, budgets, statement

app_name = "finance"
urlpatterns = [*budgets.urlpatterns, *actuals.urlpatterns, *statement.urlpatterns]
