from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district (grown to a province on demand) and the benchmark run on it: above every
    app, imported by none."""

    name = "demo"
    verbose_name = "Demo"
