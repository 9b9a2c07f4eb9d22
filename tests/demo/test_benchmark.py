"""The benchmark runs in CI on a small database: not timed, it only has to work end to end."""

import json
import shutil

import pytest
from django.core.management import call_command

from evaluation.standard import load_standard_questionnaires
from tests.factories import EmployeeFactory
from tests.training.conftest import make_session


def test_benchmark_smoke_run_measures_everything(tmp_path, admin, operator, tree, workshop, capsys):
    load_standard_questionnaires()
    make_session(workshop, tree.a, admin)
    EmployeeFactory.create_batch(5, unit=tree.a1)
    target = tmp_path / "benchmark.json"
    call_command("benchmark", "--smoke", "--json", str(target))
    figures = json.loads(target.read_text())
    groups = {row["group"] for row in figures["rows"]}
    assert {"page", "dashboard", "api", "export", "floor", "pdf", "import", "burst", "login"} <= groups
    pages = [row for row in figures["rows"] if row["group"] in ("page", "dashboard", "api")]
    assert pages and all(row["status"] == 200 for row in pages), pages
    (imported,) = [row for row in figures["rows"] if row["group"] == "import"]
    assert imported["errors"] == 0
    (burst,) = [row for row in figures["rows"] if row["group"] == "burst"]
    assert (burst["errors"], burst["stored"]) == (0, 5)
    assert figures["machine"]["database"] in ("sqlite", "postgresql")
    assert "employee list" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_burst_through_a_running_server(live_server, tree, admin, workshop):
    from demo.benchmark import Benchmark

    load_standard_questionnaires()
    make_session(workshop, tree.a, admin)
    EmployeeFactory.create_batch(3, unit=tree.a1)
    # One at a time: the in-memory SQLite behind the test server is not the thing measured here.
    row = Benchmark(server=live_server.url, log=lambda line: None).burst(3, 1)
    assert (row["errors"], row["stored"]) == (0, 3) and "through" in row["name"]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk; CI installs it)")
@pytest.mark.django_db(transaction=True)
def test_throughput_is_measured_with_wrk_through_a_running_server(live_server, tree, operator):
    from demo.benchmark import Benchmark

    rows = []
    benchmark = Benchmark(server=live_server.url, log=lambda line: None)
    benchmark.record = lambda group, name, **figures: rows.append({"group": group, "name": name, **figures})
    # One connection: the in-memory SQLite behind the test server is shared by its threads.
    benchmark.throughput(operator, seconds=1, connections=1)
    assert len(rows) == 6 and {row["group"] for row in rows} == {"throughput"}
    assert all(row["requests_per_s"] > 0 and row["non_2xx"] == 0 for row in rows), rows
