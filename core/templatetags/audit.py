from django import template

from core.audit import changes_of

register = template.Library()
register.filter("changes", changes_of)
