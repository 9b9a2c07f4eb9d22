from django.urls import include, path, re_path, register_converter
from django.urls.converters import IntConverter
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from . import errors, pages, views

app_name = "api"


class IdConverter(IntConverter):
    """An id of at most 18 digits: a longer number is no address (404) instead of a number the
    database cannot hold (SQLite raises OverflowError past 2^63)."""

    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")

# Path converters, not regexes: ids are <id:pk>, so the access matrix sees which URLs name an object.
router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_root_view = False  # views.Root lists every endpoint, not only the router's
router.include_format_suffixes = False  # JSON only: no .json twins of every address
router.register("units", views.UnitViewSet, basename="unit")
router.register("employees", views.EmployeeViewSet, basename="employee")
router.register("positions", views.PositionViewSet, basename="position")
router.register("competencies", views.CompetencyViewSet, basename="competency")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("courses", views.CourseViewSet, basename="course")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("needs-surveys", views.NeedsSurveyViewSet, basename="needs-survey")
router.register("ikm", views.IkmViewSet, basename="ikm")

v1 = [
    path("", views.Root.as_view(), name="root"),
    path("employees/<id:pk>/learning-records/", views.LearningRecordList.as_view(), name="learning-records"),
    path("employees/<id:pk>/jp/", views.JpPerYear.as_view(), name="jp-per-year"),
    path("compliance/", views.Compliance.as_view(), name="compliance"),
    path("needs-surveys/<id:pk>/recap/", views.NeedsRecap.as_view(), name="needs-recap"),
    path("evaluation/sessions/", views.SessionScores.as_view(), name="session-scores"),
    path("evaluation/courses/", views.CourseScores.as_view(), name="course-scores"),
    path("evaluation/providers/", views.ProviderScores.as_view(), name="provider-scores"),
    # The description and its docs are public: they hold no data, and integrators read them first.
    path("schema/", views.SchemaView.as_view(permission_classes=[AllowAny], authentication_classes=[]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("token/", pages.token_list, name="token_list"),
    path("token/baru/", pages.token_issue, name="token_issue"),
    path("token/pemilik/", pages.token_owner_search, name="token_owner_search"),
    path("token/<id:pk>/", pages.token_detail, name="token_detail"),
    path("token/<id:pk>/cabut/", pages.token_revoke, name="token_revoke"),
    re_path(r"^.*$", errors.not_found),
]
