from django import template

from core.audit import action_label, changes_of

register = template.Library()
register.filter("changes", changes_of)
register.filter("action_label", action_label)
