from omrade.programmes.views import governance, programme

app_name = "programmes"

urlpatterns = [*programme.urlpatterns, *governance.urlpatterns]
