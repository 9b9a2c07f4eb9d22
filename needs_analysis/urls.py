app_name = "needs_analysis"

urlpatterns = []
