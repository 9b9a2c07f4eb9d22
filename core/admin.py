from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin  # importing it registers Django's user admin

from . import accounts


class GrantsPowerAdmin(admin.ModelAdmin):
    """Adding, changing or deleting here grants or takes power: the password must have been typed in the
    last 15 minutes (core/accounts.py), on the form and on its submission alike. Changes are in the
    audit trail (auditlog) and on every BKPSDM admin's home."""

    def changeform_view(self, request, *args, **kwargs):
        if not accounts.password_is_recent(request):
            return accounts.ask_for_password(request)
        return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        if not accounts.password_is_recent(request):
            return accounts.ask_for_password(request)
        return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method == "POST" and not accounts.password_is_recent(request):  # bulk actions, e.g. delete
            return accounts.ask_for_password(request)
        return super().changelist_view(request, *args, **kwargs)


class UserAdmin(GrantsPowerAdmin, DjangoUserAdmin):
    """Django's user admin: its staff, superuser, group and permission fields grant power too."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)
