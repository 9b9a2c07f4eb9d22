from django.core.management.base import BaseCommand

from demo.backbone import DEMO_LOGINS, DEMO_PASSWORD, seed_district
from demo.documents import seed_documents
from demo.evaluation import seed_evaluation, seed_skm
from demo.letterheads import seed_letterheads
from demo.needs import seed_needs
from demo.training import seed_participation, seed_training
from evaluation.standard import load_standard_questionnaires, load_unsur_competencies


class Command(BaseCommand):
    help = "Build the demo district and its history, app by app. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has units.")
        parser.add_argument(
            "--scale",
            choices=["district", "province"],
            default="district",
            help="district: the demo kota (~2,000 ASN); province: grow it to ~50,000 ASN with three years of history.",
        )

    def handle(self, *args, seed, if_empty, scale, **options):
        import time

        from programs.models import OrgUnit

        started = time.perf_counter()
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write("Database already has data; demo data left as it is.")
        else:
            summary = seed_district(seed)
            kop = seed_letterheads()
            load_standard_questionnaires()
            load_unsur_competencies()
            self.stdout.write(
                f"Demo district ready: {summary['units']} units, {summary['employees']} ASN "
                f"({summary['new_employees']} new); {kop['letterheads']} letterheads, {kop['signatories']} signatories."
            )
            needs = seed_needs(seed)
            catalogue = seed_training(seed)
            participation = seed_participation(seed)
            evaluation = seed_evaluation(seed)
            community = seed_skm(seed)
            documents = seed_documents()
            self.stdout.write(
                f"Needs analysis: {needs['assessments']} assessments in {needs['surveys']} campaign(s), "
                f"plan with {needs['plan_items']} items."
            )
            self.stdout.write(
                f"Training: {catalogue['providers']} providers, {catalogue['courses']} courses, "
                f"{catalogue['sessions']} sessions, {participation['enrolments']} enrolments, "
                f"{participation['records']} learning records."
            )
            self.stdout.write(
                f"Evaluation: {evaluation['distributions']} questionnaires sent, {evaluation['responses']} responses; "
                f"SKM: {community['surveys']} service units, {community['responses']} responses; "
                f"{documents['documents']} official documents issued."
            )
        if scale == "province":
            from demo.province import seed_province

            self.stdout.write("Growing the district into a province (bulk inserts; a few minutes)...")
            summary = seed_province(seed, log=self.stdout.write)
            if summary:
                self.stdout.write(
                    f"Province: {summary['employees']} more ASN in {summary['units']} units, "
                    f"{summary['sessions']} sessions, "
                    f"{summary['enrolments']} enrolments, {summary['attendance']} attendance rows, "
                    f"{summary['certificates']} certificates, {summary['answers']} questionnaire answers, "
                    f"{summary['skm_responses']} SKM responses, {summary['assessments']} assessments."
                )
        self.stdout.write(f"Done in {time.perf_counter() - started:.0f} s.")
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for username, description in DEMO_LOGINS:
            self.stdout.write(f"  {username:<16} {description}")
