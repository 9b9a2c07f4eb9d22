"""Pick a person instead of typing their NIP or user name: one widget and the one answer its
search endpoints give.

The widget is a text input, so without JavaScript the field works as it always did (type the NIP
or the user name). static/js/picker.js turns it into a WAI-ARIA combobox that asks the field's
search address as the user types; picking a result writes the result's value (the NIP, the user
name) into the input, so the form posts what it posted before and its own validation stays the one
rule. Each search endpoint lives with the model it searches (people in programs, token owners in
api) and scopes its rows as the form it serves does; it answers through `results`.
"""

from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

# Fewer letters match too much of a province to be worth a query; digits of a NIP likewise.
MIN_LENGTH = 2
# Enough to find someone by a part of a name; a longer list is a sign to type more.
LIMIT = 20
# A query is a part of a name or a NIP: anything longer is not a search.
MAX_LENGTH = 100


class PickerInput(forms.TextInput):
    """A text input that searches `url` (a lazy URL, a query string may follow) as the user types.
    `multiple`: each pick is added to a list of ticked choices posted under the field's name (the
    input is emptied for the next one), for a form that takes many people at once. `hint`: what to
    type, shown while too little is typed (`{min}` is the least)."""

    def __init__(self, url, *, multiple=False, hint=None, attrs=None):
        self.url = url
        self.multiple = multiple
        self.hint = hint or _("Ketik sedikitnya {min} huruf nama atau angka NIP.")
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {
            "data-picker": str(self.url),
            "data-picker-min": str(MIN_LENGTH),
            "data-picker-hint": self.hint,
            "data-picker-found": _("{count} ditemukan; pilih dengan panah atas/bawah lalu Enter."),
            "data-picker-more": _("{count} teratas ditampilkan; ketik lebih banyak untuk mempersempit."),
            "data-picker-none": _("Tidak ada yang cocok dalam cakupan Anda."),
            "data-picker-chosen": _("Dipilih: {label}"),
            "data-picker-failed": _("Pencarian gagal; ketik NIP lengkap atau coba lagi."),
        }
        if self.multiple:
            extra["data-picker-multiple"] = ""
            extra["data-picker-list"] = _("Pegawai yang dipilih")
        context["widget"]["attrs"].update({key: str(value) for key, value in extra.items()})
        return context


def query(request):
    """The text searched for, or None when it is too short (or too long) to search."""
    text = request.GET.get("q", "").strip()
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        return None
    return text


def results(rows, *, limit=LIMIT):
    """The search's answer: the first `limit` rows as {value, label, detail}, and whether there
    were more. `rows` yields (value, label, detail) triples: slice the query to `limit + 1` rows."""
    found = []
    more = False
    for value, label, detail in rows:
        if len(found) == limit:
            more = True
            break
        found.append({"value": value, "label": label, "detail": detail})
    response = JsonResponse({"results": found, "more": more})
    # Names and NIPs of people: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store, private"
    return response
