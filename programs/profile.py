"""Sections of the employee profile that other apps contribute.

`programs` imports no other app (DESIGN.md §1), so an app above it registers a function that returns
a section for a person — {"title", "template", ...context} or None — and the profile page shows
whatever the installed apps provide."""

_sections = []


def profile_section(function):
    """Decorator: register `function(person, user)` as a profile section."""
    _sections.append(function)
    return function


def sections_for(person, user):
    return [section for function in _sections if (section := function(person, user))]
