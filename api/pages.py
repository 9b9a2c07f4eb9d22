"""The admin's pages for API tokens: issue (the key is shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import picker
from core.access import is_admin, require_access
from core.list_page import paginate
from programs.models import RoleAssignment
from programs.nip import normalize_nip

from . import tokens
from .forms import TokenForm
from .models import ApiToken

# The new key waits in the session for the one page that shows it, then is gone.
SHOWN_ONCE_KEY = "api_token_key"


@require_access(is_admin)
def token_list(request):
    issued = (
        ApiToken.objects.for_user(request.user)
        .select_related("user", "created_by", "revoked_by")
        .order_by("-created_at", "-id")
    )
    page = paginate(request, issued, 50)
    return render(request, "api/token_list.html", {"page_obj": page})


@require_access(is_admin)
def token_issue(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, key = tokens.issue(
            user=form.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"], by=request.user
        )
        request.session[SHOWN_ONCE_KEY] = {"pk": token.pk, "key": key}
        return redirect("api:token_detail", pk=token.pk)
    return render(request, "api/token_form.html", {"form": form})


@require_access(is_admin)
def token_owner_search(request):
    """The token form's picker (core/picker.py): active users with a role, the ones the form accepts
    (a token without a role reads nothing), by user name, name or the start of their NIP."""
    text = picker.query(request)
    if text is None:
        return picker.results([])
    has_role = (
        Q(is_superuser=True) | Q(employee__is_active=True) | Exists(RoleAssignment.objects.filter(user=OuterRef("pk")))
    )
    matching = (
        Q(username__icontains=text)
        | Q(first_name__icontains=text)
        | Q(last_name__icontains=text)
        | Q(employee__name__icontains=text)
    )
    digits = normalize_nip(text)
    if digits.isdigit():
        matching |= Q(employee__nip__startswith=digits)
    users = (
        get_user_model()
        .objects.filter(has_role, matching, is_active=True)
        .select_related("employee__unit")
        .order_by("username", "id")[: picker.LIMIT + 1]
    )
    return picker.results((user.username, _owner_name(user), _owner_detail(user)) for user in users)


def _owner_name(user):
    employee = getattr(user, "employee", None)
    return employee.full_name if employee else user.get_full_name() or user.username


def _owner_detail(user):
    employee = getattr(user, "employee", None)
    return f"{user.username} · {employee.unit.name}" if employee else user.username


@never_cache  # the page that shows a new key once must not stay in any cache
@require_access(is_admin)
def token_detail(request, pk):
    token = get_object_or_404(
        ApiToken.objects.for_user(request.user).select_related("user", "created_by", "revoked_by"), pk=pk
    )
    waiting = request.session.get(SHOWN_ONCE_KEY)
    key = None
    if waiting and waiting.get("pk") == token.pk:
        key = waiting["key"]
        del request.session[SHOWN_ONCE_KEY]
    return render(
        request,
        "api/token_detail.html",
        {"token": token, "key": key, "api_root": request.build_absolute_uri("/api/v1/")},
    )


@require_POST
@require_access(is_admin)
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    tokens.revoke(token, by=request.user)
    messages.success(
        request, _("Token “%(name)s” dicabut; sistem yang memakainya tidak bisa membaca lagi.") % {"name": token.name}
    )
    return redirect("api:token_list")
