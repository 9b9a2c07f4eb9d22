"""The one PDF mechanism: Django templates rendered by WeasyPrint with a fetcher that reads only
our own static files, so user text in a PDF can never make the server fetch a file or a URL."""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in PDF templates resolve against this base; nothing else is ever fetched.
PDF_BASE_URL = "https://bangkom.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX) :].split("?")[0]
            found = finders.find(relative) if ".." not in Path(relative).parts else None
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": content_type})
        raise ValueError(f"PDF resources are limited to Bangkom's static files: {url}")


def render_pdf(template_name, context, request=None):
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def pdf_response(template_name, context, *, filename, request=None):
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
