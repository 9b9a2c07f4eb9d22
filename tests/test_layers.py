"""The rooms and the arrows between them (docs/architecture.md): an app imports only the apps below
it, nothing imports the top layers, and the platform imports no app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each app and what it may import (besides itself); config wires them all together.
ALLOWED = {
    "core": set(),
    "programs": {"core"},
    "training": {"core", "programs"},
    "evaluation": {"core", "programs", "training"},
    "needs_analysis": {"core", "programs", "training", "evaluation"},
    "documents": {"core", "programs", "training", "evaluation"},
    "reports": {"core", "programs", "training", "evaluation", "needs_analysis", "documents"},
    "api": {"core", "programs", "training", "evaluation", "needs_analysis", "documents"},
    "demo": {"core", "programs", "training", "evaluation", "needs_analysis", "documents", "reports", "api"},
}


def imports_of(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_rooms_below_it(app):
    wrong = []
    for path in (ROOT / app).rglob("*.py"):
        for module in imports_of(path):
            top = module.split(".")[0]
            if top in ALLOWED and top != app and top not in ALLOWED[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_every_app_has_a_room_in_the_map():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(ALLOWED)
