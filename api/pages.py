"""The admin's pages for API tokens: issue (the key is shown once), list, revoke."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.access import is_admin, require_access
from core.list_page import paginate

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
