"""Sections that apps above `programs` contribute to pages they do not own.

`programs` imports no other app, and `training` no `evaluation` (DESIGN.md §1). An upper app registers a
function for a page ("employee", "session", "provider", ...) that returns a section for an object —
{"title", "template", ...context} or None — and the page shows whatever the installed apps provide."""

_registry = {}


def section(page):
    """Decorator: register `function(obj, user)` as a section of `page`."""

    def register(function):
        _registry.setdefault(page, []).append(function)
        return function

    return register


def sections_for(page, obj, user):
    return [result for function in _registry.get(page, []) if (result := function(obj, user))]
