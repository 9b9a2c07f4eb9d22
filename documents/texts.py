"""The words of each kind of session document: defaults from the regional tata naskah dinas, which the
admin edits (DocumentText), and the placeholders they may use, filled from the session's data.

A placeholder is `{name}` from PLACEHOLDERS and nothing else: the text is an admin's free text, so it is
filled by a plain substitution (no template language, no attribute access), and an unknown name is
refused when the text is saved.
"""

import re

from django.utils.translation import gettext_lazy as _

from programs.models import DocumentKind

from .models import DocumentText

PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The line of a body that stands for the schedule's fields (Hari/tanggal, Waktu, Tempat).
SCHEDULE_LINE = "{rincian}"

PLACEHOLDERS = {
    "program": _("judul program pelatihan"),
    "angkatan": _("nama angkatan"),
    "kode_program": _("kode program"),
    "penyelenggara": _("lembaga penyelenggara"),
    "unit_penyelenggara": _("unit organisasi penyelenggara"),
    "pemerintah": _("nama pemerintah daerah"),
    "jadwal": _("hari dan tanggal pelaksanaan"),
    "tanggal_mulai": _("tanggal mulai"),
    "tanggal_selesai": _("tanggal selesai"),
    "waktu": _("jam pelaksanaan, misalnya 08.00 WIB s.d. 16.00 WIB"),
    "tempat": _("tempat atau tautan daring"),
    "jp": _("JP yang diakui, misalnya 16 (enam belas) JP"),
    "jumlah_peserta": _("jumlah peserta"),
    "tahun": _("tahun pelaksanaan"),
    "jabatan_penetap": _("jabatan kepala unit penyelenggara"),
    "rencana": _("butir rencana pengembangan kompetensi"),
    "telepon": _("telepon unit penyelenggara"),
    SCHEDULE_LINE[1:-1]: _("(baris tersendiri) rincian hari/tanggal, waktu dan tempat"),
}

REGULATIONS = (
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;\n"
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah "
    "dengan Peraturan Pemerintah Nomor 17 Tahun 2020;\n"
    "Peraturan Lembaga Administrasi Negara Nomor 10 Tahun 2018 tentang Pengembangan Kompetensi Pegawai Negeri Sipil;\n"
    "{rencana};"
)

DEFAULTS = {
    DocumentKind.INVITATION: {
        "sifat": DocumentText.Sifat.PENTING,
        "subject": "Panggilan Peserta {program} {angkatan}",
        "body": (
            "Dalam rangka pengembangan kompetensi Aparatur Sipil Negara di lingkungan {pemerintah}, "
            "{unit_penyelenggara} menyelenggarakan {program} {angkatan} dengan bobot {jp}.\n\n"
            "Sehubungan dengan hal tersebut, dimohon Saudara menugaskan pegawai sebagaimana tercantum dalam "
            "lampiran surat ini untuk mengikuti kegiatan tersebut, yang akan dilaksanakan pada:\n\n"
            "{rincian}\n\n"
            "Peserta diharapkan hadir 15 menit sebelum acara dimulai, mengenakan pakaian dinas harian, dan "
            "membawa surat tugas dari pimpinan unit kerja. Informasi lebih lanjut dapat menghubungi {telepon}."
        ),
        "closing": "Demikian atas perhatian dan kerja sama Saudara disampaikan terima kasih.",
        "tembusan": "Kepala Daerah (sebagai laporan);\nSekretaris Daerah.",
    },
    DocumentKind.ASSIGNMENT: {
        "subject": "Surat Tugas Peserta {program} {angkatan}",
        "mengingat": (
            "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah "
            "diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020;\n{rencana};"
        ),
        "body": (
            "Mengikuti {program} {angkatan} yang diselenggarakan oleh {penyelenggara} pada {jadwal}, pukul "
            "{waktu}, bertempat di {tempat};\n"
            "Melaporkan hasil pelaksanaan tugas kepada pimpinan unit kerja setelah kegiatan selesai;\n"
            "Melaksanakan tugas ini dengan penuh tanggung jawab."
        ),
        "closing": "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
    },
    DocumentKind.INSTRUCTOR_ASSIGNMENT: {
        "subject": "Surat Tugas Pengajar {program} {angkatan}",
        "mengingat": "{rencana};",
        "body": (
            "Menjadi pengajar/narasumber pada {program} {angkatan} yang diselenggarakan oleh {penyelenggara} "
            "pada {jadwal}, pukul {waktu}, bertempat di {tempat};\n"
            "Menyampaikan bahan ajar dan melaporkan pelaksanaan tugas kepada penyelenggara;\n"
            "Melaksanakan tugas ini dengan penuh tanggung jawab."
        ),
        "closing": "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
    },
    DocumentKind.DECREE: {
        "subject": "Peserta {program} {angkatan} Tahun {tahun}",
        "menimbang": (
            "bahwa dalam rangka meningkatkan kompetensi Aparatur Sipil Negara di lingkungan {pemerintah} perlu "
            "diselenggarakan {program} {angkatan};\n"
            "bahwa untuk kelancaran pelaksanaan kegiatan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
            "pesertanya;\n"
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan "
            "Keputusan {jabatan_penetap} tentang Peserta {program} {angkatan} Tahun {tahun};"
        ),
        "mengingat": REGULATIONS,
        "body": (
            "Menetapkan peserta {program} {angkatan} sebagaimana tercantum dalam Lampiran yang merupakan bagian "
            "tidak terpisahkan dari Keputusan ini.\n"
            "Peserta sebagaimana dimaksud dalam Diktum KESATU wajib mengikuti seluruh rangkaian kegiatan pada "
            "{jadwal} bertempat di {tempat}.\n"
            "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Dokumen Pelaksanaan "
            "Anggaran {unit_penyelenggara} Tahun Anggaran {tahun}.\n"
            "Keputusan ini mulai berlaku pada tanggal ditetapkan."
        ),
    },
    DocumentKind.ATTENDANCE: {"subject": "Daftar Hadir {program} {angkatan}"},
    DocumentKind.SESSION_REPORT: {
        "subject": "Laporan Pelaksanaan {program} {angkatan}",
        "body": (
            "{unit_penyelenggara} telah menyelenggarakan {program} {angkatan} pada {jadwal} bertempat di "
            "{tempat}, dengan bobot {jp}. Berikut laporan pelaksanaannya."
        ),
        "closing": "Demikian laporan ini disampaikan sebagai bahan evaluasi dan pertanggungjawaban.",
    },
}


# Each kind has its own register, so the kinds' numbers are told apart by a mark (the regional rules
# name their own; these are the defaults the admin may change).
NUMBER_MARKS = {
    DocumentKind.ASSIGNMENT: "ST",
    DocumentKind.INSTRUCTOR_ASSIGNMENT: "ST-NS",
    DocumentKind.DECREE: "KEP",
    DocumentKind.ATTENDANCE: "DH",
    DocumentKind.SESSION_REPORT: "LAP",
}


def text_for(kind):
    """The DocumentText of `kind`, made from the defaults the first time it is asked for."""
    mark = NUMBER_MARKS.get(kind)
    defaults = {
        "classification": "800.2",
        "number_format": f"{{klasifikasi}}/{{nomor}}/{mark}/{{unit}}/{{tahun}}"
        if mark
        else "{klasifikasi}/{nomor}/{unit}/{tahun}",
        **DEFAULTS.get(kind, {"subject": str(DocumentKind(kind).label)}),
    }
    text, _created = DocumentText.objects.get_or_create(kind=kind, defaults=defaults)
    return text


def unknown_placeholders(text, known=PLACEHOLDERS):
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in known})


def fill(text, values):
    """`text` with each `{name}` replaced by its value (a placeholder without a value stays visible)."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), text or "")


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paragraphs(text):
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text or "") if block.strip()]
