from tests.training.conftest import instructor, provider, workshop  # noqa: F401 - shared fixtures
