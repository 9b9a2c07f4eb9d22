"""A throwaway certificate authority and signer for the electronic-signature tests, made with
`cryptography` at test time (EC P-256: quick to generate), and a small PDF to sign."""

import datetime
from types import SimpleNamespace

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from core.pdf import render_pdf


def _name(common_name):
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    )


def _key_usage(*, signs_documents):
    return x509.KeyUsage(
        digital_signature=signs_documents,
        content_commitment=signs_documents,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signs_documents,
        crl_sign=not signs_documents,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, issuer, public_key, issuer_key, *, ca):
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_key_usage(signs_documents=not ca), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )


def make_p12(path, password, *, signer_name="Kepala BKPSDM Uji", root_name="CA Uji Bangkom"):
    """Write a PKCS#12 (signer key, signer certificate, the root) to `path`; return the root as
    asn1crypto (the trust root a validator is given) with the path and password."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(_name(root_name), _name(root_name), root_key.public_key(), root_key, ca=True)
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = _certificate(_name(signer_name), root.subject, signer_key.public_key(), root_key, ca=False)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tte", signer_key, signer, [root], BestAvailableEncryption(password.encode())
        )
    )
    return SimpleNamespace(
        path=path, password=password, root=asn1_x509.Certificate.load(root.public_bytes(Encoding.DER))
    )


def small_pdf():
    """A one-page PDF made by WeasyPrint through core.pdf (the bare PDF base template)."""
    return render_pdf("pdf/pdf_base.html", {})


def make_timestamper(*, authority_name="TSA Uji Bangkom", root_name="CA Cap Waktu Uji", at=None):
    """A throwaway time-stamping authority (pyHanko's DummyTimeStamper, no network): its certificate
    carries the time-stamping extended key usage, issued by its own root. Returns the timestamper and
    that root (asn1crypto), the trust root a validator is given for the timestamp."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _certificate(_name(root_name), _name(root_name), root_key.public_key(), root_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy authority signs RSA only
    now = datetime.datetime.now(datetime.UTC)
    authority = (
        x509.CertificateBuilder()
        .subject_name(_name(authority_name))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    asn1_root = asn1_x509.Certificate.load(root.public_bytes(Encoding.DER))
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(authority.public_bytes(Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
        certs_to_embed=SimpleCertificateStore.from_certs([asn1_root]),
        fixed_dt=at,
    )
    return SimpleNamespace(stamper=stamper, root=asn1_root)
