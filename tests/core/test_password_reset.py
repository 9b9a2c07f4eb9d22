"""Password reset is throttled per account and per address (20 mails to one address went out in a
second), and answers the same whether or not the address has an account."""

import pytest
from django.urls import reverse

from core import accounts


@pytest.fixture
def holder(pegawai):
    pegawai.email = "siti@example.go.id"
    pegawai.save()
    return pegawai


def ask(client, email, address="203.0.113.9"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_one_account_gets_a_few_mails_however_often_it_is_asked(client, holder, mailoutbox):
    for number in range(20):
        answer = ask(client, holder.email, address=f"203.0.113.{number}")  # also from many addresses
        assert answer.status_code == 302 and answer.url == reverse("password_reset_done")
    assert len(mailoutbox) == accounts.RESET_MAILS_PER_ACCOUNT


def test_one_address_cannot_ask_for_many_accounts(client, db, mailoutbox, django_user_model):
    for number in range(15):
        django_user_model.objects.create_user(f"u{number}", email=f"u{number}@example.go.id", password="x" * 12)
    for number in range(15):
        ask(client, f"u{number}@example.go.id")
    assert len(mailoutbox) == accounts.RESET_REQUESTS_PER_ADDRESS
    ask(client, "u14@example.go.id", address="198.51.100.7")  # another address is not held back
    assert len(mailoutbox) == accounts.RESET_REQUESTS_PER_ADDRESS + 1


def test_the_answer_is_the_same_for_an_unknown_address(client, holder, mailoutbox):
    known = ask(client, holder.email)
    unknown = ask(client, "tidak.ada@example.go.id")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_for_one_account_sends_a_few_mails(holder, mailoutbox):
    """The measured attack sends its 20 requests at once (several gunicorn workers answer together):
    the limit holds however the requests interleave."""
    from django.test import Client

    from tests.concurrency import race

    answers, errors = race(lambda: ask(Client(), holder.email).status_code, 12)
    assert not errors and answers == [302] * 12
    assert len(mailoutbox) == accounts.RESET_MAILS_PER_ACCOUNT
