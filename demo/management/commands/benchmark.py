import json
from pathlib import Path

from django.core.management.base import BaseCommand

from demo.benchmark import Benchmark, machine


class Command(BaseCommand):
    help = (
        "Measure the main pages, exports, PDFs, the SIASN import and login on the current database "
        "(seed it with `seed_demo --scale province` for the province figures); prints a table, writes JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Requests per page (median and p95).")
        parser.add_argument("--json", default="benchmark.json", help="Where to write the figures.")
        parser.add_argument("--smoke", action="store_true", help="A quick run that only checks everything works.")
        parser.add_argument(
            "--server",
            help="Send the questionnaire burst through this running server (e.g. http://127.0.0.1:8000, "
            "gunicorn on the same database) instead of threads in this process.",
        )

    def handle(self, *args, repeat, smoke, **options):
        target = options["json"]
        benchmark = Benchmark(
            repeat=2 if smoke else repeat, smoke=smoke, server=options.get("server"), log=self.stdout.write
        )
        rows = benchmark.run()
        Path(target).write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))
        self.stdout.write(f"Written to {target}.")
