"""The standard questionnaires every agency starts from (evaluation.md): a level-1 reaction
questionnaire, a level-3 follow-up for alumni and supervisors, and an example pre/post test."""

from django.db import transaction

from .models import Question, Questionnaire, Section

REACTION = {
    "title": "Evaluasi penyelenggaraan pelatihan (standar)",
    "kind": Questionnaire.Kind.REACTION,
    "description": "Berikan penilaian Anda secara jujur. Jawaban bersifat anonim dan dipakai untuk perbaikan.",
    "sections": [
        ("Materi", ["Relevansi materi dengan tugas", "Kedalaman materi", "Kebaruan materi", "Manfaat materi"]),
        (
            "Pengajar",
            [
                "Penguasaan materi",
                "Ketepatan waktu",
                "Cara menyajikan",
                "Metode dan media",
                "Sikap dan cara menjawab pertanyaan",
                "Penggunaan bahasa",
                "Pemberian motivasi",
            ],
        ),
        (
            "Penyelenggaraan",
            ["Kesesuaian pelaksanaan dengan rencana", "Ketersediaan bahan", "Pelayanan panitia", "Administrasi"],
        ),
        ("Sarana", ["Kesiapan sarana", "Kebersihan ruang"]),
    ],
    "type": Question.Type.LIKERT4,
    "comments": "Saran untuk perbaikan pelatihan ini",
}
FOLLOW_UP = {
    "title": "Evaluasi pasca pelatihan (level 3, standar)",
    "kind": Questionnaire.Kind.BEHAVIOUR,
    "description": "Diisi oleh alumni dan atasan langsungnya tiga sampai enam bulan setelah pelatihan.",
    "sections": [
        (
            "Penerapan",
            [
                "Alumni menerapkan pengetahuan dari pelatihan dalam pekerjaan",
                "Alumni menunjukkan perubahan perilaku kerja yang lebih baik",
                "Kinerja alumni meningkat setelah pelatihan",
                "Alumni membagikan hasil pelatihan kepada rekan kerja",
            ],
        ),
    ],
    "type": Question.Type.LIKERT4,
    "comments": "Contoh penerapan atau hambatan yang dihadapi",
}
TEST = {
    "title": "Contoh pre/post test: Pelayanan Publik",
    "kind": Questionnaire.Kind.TEST,
    "description": "Pilih satu jawaban yang paling tepat.",
    "questions": [
        (
            "Standar pelayanan wajib memuat, antara lain:",
            ["Persyaratan, prosedur, waktu dan biaya", "Visi dan misi saja", "Daftar pegawai", "Anggaran unit"],
            0,
        ),
        (
            "Survei kepuasan masyarakat dilakukan paling sedikit:",
            ["Setiap bulan", "Sekali setahun", "Lima tahun sekali", "Bila ada keluhan"],
            1,
        ),
        (
            "Pengaduan masyarakat sebaiknya:",
            ["Diabaikan bila anonim", "Dicatat dan ditindaklanjuti", "Dijawab lisan saja", "Diteruskan ke media"],
            1,
        ),
        ("Nilai dasar ASN BerAKHLAK memuat:", ["Berorientasi pelayanan", "Birokratis", "Kaku", "Tertutup"], 0),
    ],
}


def _build(spec):
    questionnaire = Questionnaire.objects.create(
        title=spec["title"], kind=spec["kind"], description=spec["description"]
    )
    order = 0
    for section_order, (title, texts) in enumerate(spec.get("sections", [])):
        section = Section.objects.create(questionnaire=questionnaire, title=title, order=section_order)
        for text in texts:
            order += 1
            Question.objects.create(
                questionnaire=questionnaire, section=section, text=text, type=spec["type"], order=order
            )
    for text, choices, right in spec.get("questions", []):
        order += 1
        Question.objects.create(
            questionnaire=questionnaire,
            text=text,
            type=Question.Type.SINGLE,
            choices=choices,
            correct_choices=[right],
            points=25,
            order=order,
        )
    if spec.get("comments"):
        Question.objects.create(
            questionnaire=questionnaire,
            text=spec["comments"],
            type=Question.Type.LONG_TEXT,
            required=False,
            order=order + 1,
        )
    return questionnaire


@transaction.atomic
def load_standard_questionnaires():
    created = 0
    for spec in (REACTION, FOLLOW_UP, TEST):
        if not Questionnaire.objects.filter(title=spec["title"]).exists():
            _build(spec)
            created += 1
    return created


# gap-analysis.md: low "Kompetensi Pelaksana" or "Perilaku Pelaksana" points at the unit's staff:
# Pelayanan Publik, Komunikasi, Integritas. HR edits the mapping in the admin.
UNSUR_COMPETENCIES = {6: ["M.05", "M.03"], 7: ["M.05", "M.03", "M.01"], 8: ["M.05"], 3: ["M.04"]}


def load_unsur_competencies():
    from programs.models import Competency

    from .models import UnsurCompetency

    created = 0
    competencies = {
        c.code: c
        for c in Competency.objects.filter(code__in={c for codes in UNSUR_COMPETENCIES.values() for c in codes})
    }
    for unsur, codes in UNSUR_COMPETENCIES.items():
        for code in codes:
            if code in competencies:
                created += UnsurCompetency.objects.get_or_create(unsur=unsur, competency=competencies[code])[1]
    return created
