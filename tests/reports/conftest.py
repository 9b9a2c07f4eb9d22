# The needs-analysis campaign fixtures (a position with its standard, the staff, an open campaign),
# for the homes that show a campaign's figures.
from tests.needs_analysis.conftest import position, staff, survey  # noqa: F401
