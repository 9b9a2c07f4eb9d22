"""The platform's lists, declared like every app's (core/list_page.py): the audit trail."""

from operator import attrgetter

import django_filters
from auditlog.models import LogEntry
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import audit
from .list_page import Column, ListPage


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text")
    action = django_filters.ChoiceFilter(choices=audit.action_choices())

    class Meta:
        model = LogEntry
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(actor__username__icontains=value))


class AuditList(ListPage):
    """The whole audit trail, for the admin only (the view's check): it is not scoped by unit."""

    template = "core/audit_list.html"
    filterset_class = AuditFilter
    per_page = 50
    filename, title = "jejak-audit.xlsx", _("Jejak audit")
    personal_data = LogEntry
    columns = [
        Column(_("Waktu"), "datetime", attrgetter("timestamp")),
        Column(_("Pengguna"), "text", lambda entry: entry.actor.username if entry.actor else ""),
        Column(_("Tindakan"), "text", lambda entry: str(audit.action_label(entry))),
        Column(_("Jenis data"), "text", lambda entry: str(entry.content_type)),
        Column(_("Data"), "wide", attrgetter("object_repr")),
        Column(_("Alamat IP"), "text", lambda entry: entry.remote_addr or ""),
        Column(_("Perubahan"), "wide", audit.changes_text),
    ]

    def rows(self, request):
        return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")

    def context(self, request):
        return {
            "actions": audit.action_choices(),
            "action": request.GET.get("action", ""),
            "query": request.GET.get("q", "").strip(),
        }
