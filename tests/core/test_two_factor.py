"""The optional two-step login (TOTP authenticator plus backup codes), through the login page."""

import time

import time_machine
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import two_factor

HOME = reverse("reports:home")
VERIFY = reverse("two_factor_verify")


def code_for(device, at=0):
    """The code the user's phone shows, `at` 30-second steps from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += at * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(client, user, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": "rahasia-123"}, **extra)


def enable(user):
    device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)
    codes = two_factor.new_backup_codes(user)
    return device, codes


def test_setting_up_shows_a_qr_code_and_takes_the_first_code(client, operator):
    client.force_login(operator)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert page.context["secret"].replace(" ", "") and "otpauth://totp/Bangkom" in device.config_url

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Kode tidak cocok" in wrong.content.decode()
    assert not two_factor.is_enabled(operator)

    with time_machine.travel(time.time() + 2, tick=False):  # past the wait a wrong code earns
        done = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == two_factor.BACKUP_CODE_COUNT == len(set(codes))
    assert all(code in done.content.decode() for code in codes)
    assert two_factor.is_enabled(operator)
    assert StaticToken.objects.filter(device__user=operator).count() == 10
    assert LogEntry.objects.get_for_model(TOTPDevice).filter(actor=operator).exists()  # audited, without the key
    assert all("key" not in entry.changes_dict for entry in LogEntry.objects.get_for_model(TOTPDevice))


def test_with_two_steps_on_the_password_alone_opens_nothing(client, operator):
    device, _codes = enable(operator)
    assert log_in(client, operator).status_code == 302
    for page in (HOME, reverse("programs:employee_list"), reverse("two_factor_settings"), "/admin/"):
        answer = client.get(page)
        assert answer.status_code == 302 and answer.url.startswith(VERIFY), page
    assert client.get(VERIFY).status_code == 200

    wrong = client.post(VERIFY, {"code": "12345", "next": "/pegawai/"})
    assert "Kode salah" in wrong.content.decode()
    assert client.get(HOME).status_code == 302

    with time_machine.travel(time.time() + 2, tick=False):
        right = client.post(VERIFY, {"code": code_for(device), "next": "/pegawai/"})
        assert right.status_code == 302 and right.url == "/pegawai/"
        assert client.get(HOME).status_code == 200


def test_a_backup_code_works_once(client, pegawai):
    _device, codes = enable(pegawai)
    log_in(client, pegawai)
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get(HOME).status_code == 200
    client.logout()
    log_in(client, pegawai)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and client.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=pegawai).count() == 9


def test_wrong_codes_make_the_next_try_wait(client, operator):
    device, _codes = enable(operator)
    log_in(client, operator)
    client.post(VERIFY, {"code": "999999" if code_for(device) != "999999" else "888888"})
    client.post(VERIFY, {"code": "999999" if code_for(device) != "999999" else "888888"})
    # Even the right code is refused straight after two wrong ones, with the reason.
    refused = client.post(VERIFY, {"code": code_for(device)})
    assert "Terlalu banyak kode salah" in refused.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_code_already_used_cannot_be_replayed(client, operator):
    device, _codes = enable(operator)
    log_in(client, operator)
    code = code_for(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    log_in(client, operator)
    assert client.post(VERIFY, {"code": code}).status_code == 200  # the same step's code again
    assert client.get(HOME).status_code == 302


def test_the_next_page_after_verifying_must_be_ours(client, operator):
    device, _codes = enable(operator)
    log_in(client, operator)
    answer = client.post(VERIFY, {"code": code_for(device), "next": "https://contoh.example/curi"})
    assert answer.status_code == 302 and answer.url == HOME


def test_logging_out_and_switching_language_stay_possible_before_the_code(client, operator):
    enable(operator)
    log_in(client, operator)
    assert client.post(reverse("set_language"), {"language": "en", "next": VERIFY}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_without_two_steps_login_goes_straight_in(client, operator):
    assert log_in(client, operator).status_code == 302
    assert client.get(HOME).status_code == 200
    assert two_factor.PENDING_KEY not in client.session


def test_required_for_admins_and_operators_when_the_agency_says_so(client, settings, operator, pegawai):
    settings.BANGKOM = {**settings.BANGKOM, "TWO_FACTOR_REQUIRED": True}
    log_in(client, operator)
    sent = client.get(HOME)
    assert sent.status_code == 302 and sent.url.startswith(reverse("two_factor_setup"))
    page = client.get(sent.url)
    assert "mewajibkan" in page.content.decode()
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert client.get(HOME).status_code == 200
    # ...and they cannot turn it off again.
    client.post(reverse("two_factor_disable"), {"password": "rahasia-123"})
    assert two_factor.is_enabled(operator)

    client.logout()
    log_in(client, pegawai)  # an ASN keeps the choice
    assert client.get(HOME).status_code == 200


def test_turning_it_off_takes_the_password(client, pegawai):
    client.force_login(pegawai)
    enable(pegawai)  # turned on in this session, so it owes no code
    refused = client.post(reverse("two_factor_disable"), {"password": "salah"})
    assert refused.status_code == 400 and "Kata sandi salah" in refused.content.decode()
    assert two_factor.is_enabled(pegawai)
    done = client.post(reverse("two_factor_disable"), {"password": "rahasia-123"})
    assert done.status_code == 302 and not two_factor.is_enabled(pegawai)
    assert StaticToken.objects.filter(device__user=pegawai).count() == 0


def test_new_backup_codes_replace_the_old_ones(client, pegawai):
    client.force_login(pegawai)
    _device, old = enable(pegawai)
    fresh = client.post(reverse("two_factor_backup_codes")).context["codes"]
    assert not set(old) & set(fresh)
    assert set(StaticToken.objects.filter(device__user=pegawai).values_list("token", flat=True)) == set(fresh)


def test_the_settings_page_says_what_is_on(client, pegawai):
    client.force_login(pegawai)
    assert "Belum aktif" in client.get(reverse("two_factor_settings")).content.decode()
    enable(pegawai)
    page = client.get(reverse("two_factor_settings")).content.decode()
    assert "Aktif" in page and "10 kode cadangan tersisa" in page


def test_an_admin_resets_a_lost_phone_and_an_operator_cannot(client, admin, operator, pegawai, pegawai_employee):
    enable(pegawai)
    reset = reverse("programs:employee_reset_two_factor", args=[pegawai_employee.pk])
    client.force_login(operator)  # the operator of the pegawai's own unit
    assert "Atur ulang" not in client.get(pegawai_employee.get_absolute_url()).content.decode()
    assert client.post(reset).status_code == 403
    assert two_factor.is_enabled(pegawai)

    client.force_login(admin)
    assert "Atur ulang" in client.get(pegawai_employee.get_absolute_url()).content.decode()
    assert client.post(reset).status_code == 302
    assert not two_factor.is_enabled(pegawai)
    assert LogEntry.objects.get_for_model(TOTPDevice).filter(actor=admin, action=LogEntry.Action.DELETE).exists()
    client.logout()
    log_in(client, pegawai)  # in with the password alone again
    assert client.get(HOME).status_code == 200
