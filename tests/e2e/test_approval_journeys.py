"""Approvals with few clicks and by someone else (issue 23).

1. The Candisari operator proposes a session; BKPSDM approves it in one step, which opens
   registration; until its last day has ended nobody is offered to finish it.
2. The operator submits this year's plan of a kelurahan; the camat finds it on his home page and
   approves it there; the operator, who submitted it, was never offered to approve it.
"""

import datetime

from .test_session_journeys import choose, fill_session_form, messages, path_of, today


def test_a_proposed_session_is_approved_in_one_step_and_cannot_be_finished_before_it_ends(person):
    operator = person()
    operator.login("operator")
    page = operator.go("/pelatihan/jadwal/tambah/")
    fill_session_form(
        page,
        course="Workshop Penyusunan SOP Pelayanan",
        capacity=15,
        venue="Aula Kelurahan Jatingaleh",
        day=today() + datetime.timedelta(days=21),
        starts_at="08:00",
        ends_at="12:00",
    )
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Angkatan disimpan" in messages(page)
    session = path_of(page.url)
    assert "Draf/usulan" in page.locator("main h1 + div").inner_text()
    assert page.get_by_role("button", name="Pendaftaran dibuka").count() == 0  # BKPSDM approves

    # BKPSDM approves the proposal: one click opens registration.
    admin = person(phone=True)
    admin.login("admin")
    page = admin.go(session)
    page.get_by_role("button", name="Pendaftaran dibuka").click()
    page.wait_for_load_state()
    assert "Status angkatan: Pendaftaran dibuka" in messages(page)
    assert "Pendaftaran dibuka" in page.locator("main h1 + div").inner_text()
    admin.look("session-approved")

    # Before its day has ended, the operator is told when it can be finished and offered no button.
    page = operator.go(session)
    assert page.get_by_role("button", name="Selesaikan dan hitung kelulusan").count() == 0
    assert "dapat diselesaikan setelah hari terakhirnya berakhir" in page.locator("main").inner_text()
    assert "0 dari 15 kursi terisi" in page.locator("main").inner_text()
    operator.look("session-open-before-its-day")
    page.get_by_role("link", name="Peserta", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Selesaikan dan hitung kelulusan").count() == 0


def test_a_plan_submitted_by_the_operator_is_approved_by_the_head_from_his_home(person):
    # This year's: a later year would put the plan ahead of the demo's in the list other journeys read.
    year = today().year
    operator = person()
    operator.login("operator")
    page = operator.go("/rencana/tambah/")
    page.fill("#id_year", str(year))
    choose(page, "#id_unit", "Kelurahan Jatingaleh")
    title = f"Rencana Kelurahan Jatingaleh {year}"
    page.fill("#id_title", title)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    plan = path_of(page.url)
    page.get_by_role("link", name="Tambah butir").click()
    page.wait_for_load_state()
    page.select_option("#id_competency", index=1)
    page.fill("#id_title", "Pelatihan pelayanan prima")
    page.select_option("#id_development_form", index=1)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    page = operator.go(plan)
    page.get_by_role("button", name="Ajukan kepada pimpinan").click()
    page.wait_for_load_state()
    assert "Status rencana: Diajukan" in messages(page)
    assert page.get_by_role("button", name="Tetapkan").count() == 0

    # The camat's home lists it; he opens it from there and approves it.
    head = person(phone=True)
    home = head.login("pimpinan")
    waiting = home.locator("section[aria-labelledby=plans-to-approve-heading]")
    assert title in waiting.inner_text() and "diajukan oleh Operator Candisari" in waiting.inner_text()
    head.look("home-plans-to-approve")
    waiting.get_by_role("link", name=title).click()
    page = head.page
    page.wait_for_load_state()
    assert path_of(page.url) == plan
    page.once("dialog", lambda dialog: dialog.accept())  # "Tetapkan rencana ini?"
    page.get_by_role("button", name="Tetapkan").click()
    page.wait_for_load_state()
    assert "Status rencana: Ditetapkan" in messages(page)
    assert "ditetapkan oleh" in page.locator("main").inner_text()
    page = head.go("/")
    assert title not in page.locator("main").inner_text()
