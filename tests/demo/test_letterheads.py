from programs.letterheads import letterhead_for
from programs.models import DocumentKind, OrgUnit
from programs.signatories import signature_for
from training.models import Certificate


def test_the_demo_district_has_letterheads_and_signatories(demo_world, db):
    bkpsdm = OrgUnit.objects.get(code="BKPSDM")
    kop = letterhead_for(bkpsdm)
    assert kop.government_line == "PEMERINTAH KOTA SEMARANG (DEMO)" and kop.short_code == "BKPSDM"
    assert kop.emblem_type == "image/png" and kop.place == "Semarang"
    assert letterhead_for(OrgUnit.objects.get(code="KEC-CANDISARI-K2")).emblem == kop.emblem  # inherited
    certificate = signature_for(bkpsdm, DocumentKind.CERTIFICATE)
    assert certificate.office_lines[0].startswith("a.n. Kepala Badan Kepegawaian") and not certificate.is_blank
    assert signature_for(OrgUnit.objects.get(code="KEC-TEMBALANG"), DocumentKind.PLAN).office_lines == (
        "Plt. Camat Tembalang,",
    )
    # The demo's certificates of BKPSDM's sessions carry that signatory.
    issued = Certificate.objects.filter(enrolment__session__organiser_unit=bkpsdm).first()
    assert issued.signatory_name == certificate.name and issued.signatory_office_lines == list(certificate.office_lines)
