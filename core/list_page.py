"""One list page: a list is declared once — its scoped rows, its filters and its columns — and that
declaration serves the page (25 a page), its Excel export (`?format=xlsx`: every row the filters
leave, in the page's order, streamed) and, where the read API lists the same thing, the API's filters.

    class SurveyList(ListPage):
        template = "needs_analysis/survey_list.html"
        filename, title = "survei-akpk.xlsx", gettext_lazy("Analisis kebutuhan")
        columns = [Column(gettext_lazy("Survei"), "wide", attrgetter("title")), ...]

        def rows(self, request):
            return NeedsSurvey.objects.for_user(request.user).order_by(...)

    survey_list = SurveyList.view(manages_units)     # in views.py
"""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .access import access_for, require_access
from .xlsx import list_xlsx, wants_xlsx

PER_PAGE = 25


class Column(NamedTuple):
    """A column of a list's export: its header, the cell kind the workbook writer formats
    (text, wide, nip, number, date, datetime) and how a row gives its value."""

    label: Any
    kind: str
    value: Callable


def paginate(request, rows, per_page=PER_PAGE):
    """The page asked for in `?page=` (the last one for a number past the end, the first for anything
    else), the same way on every list."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


class ListPage:
    template = None
    columns = ()
    filterset_class = None  # a django-filter FilterSet over rows(); None for a list without filters
    per_page = PER_PAGE
    filename = None  # of the Excel export
    title = None  # of the Excel export's sheet
    # The model whose rows are personal data: their export goes to the audit trail with its filters.
    personal_data = None
    # Who may take the Excel when fewer may than see the page (a role predicate, as for the view).
    export_check = None
    # Who may add to the list: the page shows its "add" button as `can_create`.
    create_check = None

    def rows(self, request, **kwargs):
        """The rows in the user's scope, in the list's order: always from a model's for_user()."""
        raise NotImplementedError

    def context(self, request, **kwargs):
        """What the page shows beside its rows."""
        return {}

    def filtered(self, request, **kwargs):
        """(rows after the filters, the bound FilterSet or None): what the page and its export show."""
        rows = self.rows(request, **kwargs)
        if self.filterset_class is None:
            return rows, None
        self.filters = self.filterset_class(request.GET or None, queryset=rows, request=request)
        return self.filters.qs, self.filters

    def for_page(self, rows):
        """The rows as the page (not the export) reads them, e.g. with a count only the page shows."""
        return rows

    def page_context(self, request, page):
        """What the page shows about its own rows (e.g. a figure per row, computed for 25 rows only)."""
        return {}

    def respond(self, request, **kwargs):
        rows, filters = self.filtered(request, **kwargs)
        if wants_xlsx(request):
            if self.export_check is not None and not self.export_check(access_for(request.user)):
                raise PermissionDenied
            return self.export(request, rows)
        page = paginate(request, self.for_page(rows), self.per_page)
        access = access_for(request.user)
        context = {
            "page_obj": page,
            "filter": filters,
            "can_create": self.create_check is not None and self.create_check(access),
            **self.context(request, **kwargs),
        }
        context.update(self.page_context(request, page))
        return render(request, self.template, context)

    def export(self, request, rows):
        return list_xlsx(
            request,
            filename=self.filename,
            title=self.title,
            columns=self.columns,
            objects=rows,
            model=self.personal_data,
        )

    @classmethod
    def view(cls, check=None, *, any_login=False):
        """The list as a view function, behind the role check (`require_access(check)`), or open to
        every logged-in user with `any_login` (the catalogue and the schedule)."""

        def list_view(request, **kwargs):
            return cls().respond(request, **kwargs)

        return cls._guarded(list_view, check, any_login)

    @classmethod
    def export_view(cls, check=None, *, any_login=False):
        """The list's Excel under a route of its own (links and bookmarks that predate `?format=xlsx`)."""

        def export_view(request, **kwargs):
            page = cls()
            rows, _filters = page.filtered(request, **kwargs)
            return page.export(request, rows)

        return cls._guarded(export_view, check, any_login)

    @classmethod
    def _guarded(cls, view, check, any_login):
        view = login_required(view) if any_login else require_access(check)(view)
        view.list_page = cls
        return view
