"""Pick, don't type: the Candisari operator, on her phone, records a mentoring pair by typing a part of
each name and choosing with the keyboard from the people picker (core/picker.py, static/js/picker.js);
the form posts the NIPs and the pair is saved."""

import re

NIP = re.compile(r"^\d{8} \d{6} \d \d{3}$")


def a_part_of_the_name(full_name):
    """The longest word of a name without its gelar: enough to find the person by."""
    words = [word for word in full_name.split(",")[0].split() if "." not in word]
    return max(words, key=len)


def pick(page, field, full_name):
    """Type a part of `full_name` into the picker `field`, then move down the list with the arrow keys
    until that person is the active option, and press Enter."""
    page.focus(field)
    page.keyboard.type(a_part_of_the_name(full_name), delay=30)
    listbox = page.locator(f"{field}-options")
    listbox.locator("[role=option]").first.wait_for()
    assert page.get_attribute(field, "aria-expanded") == "true"
    for _press in range(20):
        page.keyboard.press("ArrowDown")
        active = page.get_attribute(field, "aria-activedescendant")
        assert active and page.get_attribute(f"#{active}", "aria-selected") == "true"
        if page.locator(f"#{active} .picker-label").inner_text() == full_name:
            return page.locator(f"#{active}")
    raise AssertionError(f"{full_name} is not among the options")


def test_an_operator_on_a_phone_picks_a_mentoring_pair_by_name_with_the_keyboard(person):
    operator = person(phone=True)
    operator.login("operator")
    page = operator.go("/pegawai/")
    names = page.locator("main table tbody td[data-label=Nama] a").all_inner_texts()
    mentor, mentee = names[0].strip(), names[1].strip()

    page = operator.go("/pelatihan/mentoring/tambah/")
    field = page.locator("#id_mentor_nip")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"

    option = pick(page, "#id_mentor_nip", mentor)
    # A thumb can hit an option on a 390 px screen, and the list stays on the screen.
    box = option.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # axe (and the Nu checker) on the page as it stands, the list open and an option active; once per
    # page, as the check leaves axe's own script in the page.
    operator.look("picker-mentor-open-phone", posted=True)
    page.keyboard.press("Escape")  # closes the list, keeps what was typed
    assert field.get_attribute("aria-expanded") == "false" and field.input_value()
    page.keyboard.press("ArrowDown")  # reopens it on the first option
    assert field.get_attribute("aria-expanded") == "true"
    pick_again = page.locator("#id_mentor_nip-options [role=option]", has_text=mentor).first
    while page.get_attribute("#id_mentor_nip", "aria-activedescendant") != pick_again.get_attribute("id"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert NIP.match(field.input_value()), field.input_value()
    assert field.get_attribute("aria-expanded") == "false"
    assert mentor in page.locator("#id_mentor_nip-status").inner_text()
    assert page.url.endswith("/pelatihan/mentoring/tambah/")  # Enter picked; it did not send the form

    pick(page, "#id_mentee_nip", mentee)
    page.keyboard.press("Enter")
    assert NIP.match(page.locator("#id_mentee_nip").input_value())

    page.select_option("#id_competency", index=1)
    page.select_option("#id_development_form", index=1)
    page.fill("#id_starts_on", "2026-01-05")
    page.fill("#id_ends_on", "2026-06-30")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Mentoring dicatat" in " ".join(page.locator("main .alert").all_inner_texts())
    listed = page.locator("main table tbody").inner_text()
    assert mentor in listed and mentee in listed
    operator.look("picker-mentoring-saved-phone")


def test_hr_at_a_desk_picks_people_to_nominate_a_signer_and_a_token_owner(person):
    hr = person()
    hr.login("admin")
    page = hr.page

    # Nominations: each person picked by name is added, ticked, to the list sent with the form.
    page = hr.go("/pelatihan/jadwal/?status=open")
    session = page.locator("main table tbody a[href^='/pelatihan/jadwal/']").first.get_attribute("href")
    page = hr.go(session + "nominasi/")
    candidate = page.locator("main table tbody label").nth(2).inner_text().strip()
    pick(page, "#id_nip", candidate)
    page.keyboard.press("Enter")
    chosen = page.locator(".picker-chosen input[type=checkbox][name=nip]")
    assert chosen.count() == 1 and chosen.first.is_checked() and NIP.match(chosen.first.get_attribute("value"))
    assert page.locator("#id_nip").input_value() == ""  # ready for the next one
    hr.look("picker-nominate-desk", posted=True)
    page.get_by_role("button", name="Nominasikan yang dipilih").click()
    page.wait_for_load_state()
    assert "1 pegawai dinominasikan" in " ".join(page.locator("main .alert").all_inner_texts())
    assert candidate in page.locator("main table").first.inner_text()

    # The signatory page: one picker per row of the table, none clipped by the table's scroll box.
    page = hr.go("/unit/")
    unit = page.locator("main .tree a[href^='/unit/']").first.get_attribute("href")
    page = hr.go(unit + "penandatangan/")
    empty = page.locator("input[data-picker][name$=employee_nip]").evaluate_all(
        "(fields) => fields.filter((field) => !field.value).map((field) => field.id)"
    )[0]
    signer = page.locator(f"#{empty}")
    signer.fill("")
    pick(page, f"#{empty}", candidate)
    assert page.locator(f"#{empty}-options").is_visible()
    page.keyboard.press("Enter")
    assert NIP.match(signer.input_value())
    hr.look("picker-signatory-desk", posted=True)

    # An API token's owner is a user: picked by user name.
    page = hr.go("/api/token/baru/")
    page.focus("#id_username")
    page.keyboard.type("operator_dink", delay=30)
    page.locator("#id_username-options [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#id_username").input_value() == "operator_dinkes"
    page.fill("#id_name", "Dasbor Dinkes")
    page.get_by_role("button", name="Buat token").click()
    page.wait_for_load_state()
    assert "operator_dinkes" in page.locator("main").inner_text()
