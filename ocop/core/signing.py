"""Digital signatures (PAdES) on the documents the system issues, with pyHanko.

Luật Giao dịch điện tử 2023 (Điều 22–23) gives a digitally signed electronic document the value
of a signed and sealed paper one; Nghị định 30/2020/NĐ-CP Phụ lục I (mục II) lays out how the
signature of the issuing body shows on an electronic administrative document: the body's name
and the signing time (dd/mm/yyyy hh:mm:ss with the Vietnam time zone) at the signature place.

The key is the issuing body's, configured by environment (docs/signing.md):

- `OCOP_SIGNING_PKCS12` (+ `OCOP_SIGNING_PKCS12_PASSWORD`): a PKCS#12 file with the key, its
  certificate and the chain;
- or `OCOP_SIGNING_PKCS11_MODULE` (+ `_TOKEN_LABEL`, `_PIN`, `_KEY_LABEL`, `_CERT_LABEL`): a
  USB token or HSM through PKCS#11 (needs the `python-pkcs11` package, not installed by
  default);
- otherwise the demo key that `python manage.py ocop_demo` writes into the private store
  (`signing/demo/`), whose certificates say "DEMO — không có giá trị pháp lý".

`OCOP_SIGNING_TRUST_ROOTS` lists the root certificates a signature must chain to (PEM or DER
files, separated by `,`); the demo root is trusted only while the demo key is the one in use.
`OCOP_SIGNING_TSA_URL` adds a trusted timestamp (RFC 3161) to each signature. No network is
used unless one of these says so (`OCOP_SIGNING_ALLOW_FETCHING=1` lets validation fetch
OCSP/CRL).

This module knows no app: it signs bytes and says what a PDF's signature is worth.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ocop.core.storage import private_root

logger = logging.getLogger(__name__)

DEMO_MARK = "DEMO — không có giá trị pháp lý"
DEMO_PASSWORD = b"ocop-demo"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "ChuKySoCoQuanBanHanh"
# A TrueType font with Vietnamese glyphs for the visible signature block (the PDF standard
# fonts have none).
DEFAULT_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


def demo_dir() -> Path:
    return private_root() / "signing" / "demo"


@dataclass(frozen=True)
class SigningConfig:
    kind: str  # "pkcs12" | "pkcs11" | "demo"
    pkcs12: Path | None = None
    password: bytes | None = None
    trust_roots: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    tsa_url: str = ""
    allow_fetching: bool = False

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"


def _paths(value: str) -> tuple[Path, ...]:
    return tuple(Path(part.strip()) for part in value.split(",") if part.strip())


def signing_config() -> SigningConfig | None:
    """The configured key, or the demo key when one was generated, or None."""
    common = {
        "tsa_url": getattr(settings, "OCOP_SIGNING_TSA_URL", ""),
        "allow_fetching": getattr(settings, "OCOP_SIGNING_ALLOW_FETCHING", False),
    }
    roots = _paths(getattr(settings, "OCOP_SIGNING_TRUST_ROOTS", ""))
    crls = _paths(getattr(settings, "OCOP_SIGNING_CRLS", ""))
    if getattr(settings, "OCOP_SIGNING_PKCS12", ""):
        password = getattr(settings, "OCOP_SIGNING_PKCS12_PASSWORD", "")
        return SigningConfig(
            kind="pkcs12", pkcs12=Path(settings.OCOP_SIGNING_PKCS12),
            password=password.encode() if password else None, trust_roots=roots, crls=crls, **common,
        )
    if getattr(settings, "OCOP_SIGNING_PKCS11_MODULE", ""):
        return SigningConfig(kind="pkcs11", trust_roots=roots, crls=crls, **common)
    folder = demo_dir()
    if (folder / "signer.p12").exists():
        return SigningConfig(
            kind="demo", pkcs12=folder / "signer.p12", password=DEMO_PASSWORD,
            trust_roots=roots + (folder / "root.pem",), crls=crls + (folder / "root.crl",), **common,
        )
    return None


# -- the demo chain ---------------------------------------------------------------------------


@dataclass
class DemoChain:
    root_cert: object
    root_key: object
    signer_cert: object
    signer_key: object
    tsa_cert: object
    tsa_key: object
    crl: object


def demo_chain_build(*, issuer: str) -> DemoChain:
    """A root CA, the issuing body's signing certificate, a timestamping certificate and an
    empty CRL, every subject marked DEMO (cryptography; EC P-256 keeps it fast, RSA for the
    timestamping key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)

    def name(common: str) -> x509.Name:
        return x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            # X.520 limits both to 64 characters: the mark goes whole into O.
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_MARK),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Chương trình OCOP"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{common[:57]} (DEMO)"),
        ])

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = name("CA gốc thử nghiệm OCOP")
    root = (
        x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )

    def leaf(common: str, usage: x509.KeyUsage, eku=None, *, rsa_key=False):
        # pyHanko's local timestamper (DummyTimeStamper) signs with RSA only.
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder().subject_name(name(common)).issuer_name(root_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        )
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
        return builder.sign(root_key, hashes.SHA256()), key

    signing_usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    signer, signer_key = leaf(issuer, signing_usage)
    tsa, tsa_key = leaf("Máy chủ cấp dấu thời gian thử nghiệm OCOP", signing_usage, [ExtendedKeyUsageOID.TIME_STAMPING],
                        rsa_key=True)
    crl = (
        x509.CertificateRevocationListBuilder().issuer_name(root_name)
        .last_update(now).next_update(now + dt.timedelta(days=3650))
        .sign(root_key, hashes.SHA256())
    )
    return DemoChain(root, root_key, signer, signer_key, tsa, tsa_key, crl)


def demo_key_write(*, issuer: str, folder: Path | None = None) -> Path:
    """Write the demo chain (once: an existing demo key is kept, so documents already signed
    stay verifiable). Returns the folder."""
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        pkcs12,
    )

    folder = folder or demo_dir()
    if (folder / "signer.p12").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    chain = demo_chain_build(issuer=issuer)
    (folder / "root.pem").write_bytes(chain.root_cert.public_bytes(Encoding.PEM))
    (folder / "root.crl").write_bytes(chain.crl.public_bytes(Encoding.DER))
    for stem, cert, key in (("signer", chain.signer_cert, chain.signer_key), ("tsa", chain.tsa_cert, chain.tsa_key)):
        (folder / f"{stem}.p12").write_bytes(pkcs12.serialize_key_and_certificates(
            stem.encode(), key, cert, [chain.root_cert], BestAvailableEncryption(DEMO_PASSWORD),
        ))
    return folder


# -- signing ----------------------------------------------------------------------------------


def _load_certs(paths) -> list:
    from asn1crypto import pem, x509

    certs = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            certs.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            certs.append(x509.Certificate.load(data))
    return certs


def _load_crls(paths) -> list:
    from asn1crypto import crl, pem

    result = []
    for path in paths:
        if Path(path).exists():
            data = Path(path).read_bytes()
            result.append(crl.CertificateList.load(pem.unarmor(data)[2] if pem.detect(data) else data))
    return result


def validation_context(config: SigningConfig | None = None):
    """Trust roots (and the CRLs we have) for validating signatures: never fetches unless
    `OCOP_SIGNING_ALLOW_FETCHING` is on. Revocation is "soft-fail": a certificate without
    reachable revocation data is not refused for that alone."""
    from pyhanko_certvalidator import ValidationContext

    config = config or signing_config()
    roots = _load_certs(config.trust_roots) if config else []
    crls = _load_crls(config.crls) if config else []
    return ValidationContext(
        trust_roots=roots, crls=crls, allow_fetching=bool(config and config.allow_fetching),
        revocation_mode="soft-fail",
    )


def _signer(config: SigningConfig):
    from pyhanko.sign import signers

    if config.kind in ("pkcs12", "demo"):
        if not config.pkcs12 or not config.pkcs12.exists():
            raise ImproperlyConfigured(f"Không tìm thấy tệp khóa ký số PKCS#12: {config.pkcs12}")
        signer = signers.SimpleSigner.load_pkcs12(str(config.pkcs12), passphrase=config.password)
        if signer is None:
            raise ImproperlyConfigured("Không mở được tệp khóa ký số PKCS#12 (sai mật khẩu?).")
        return signer
    try:
        from pyhanko.sign import pkcs11
    except ImportError as exc:  # pragma: no cover - python-pkcs11 is an optional install
        raise ImproperlyConfigured("Ký bằng thiết bị PKCS#11 cần gói python-pkcs11 (docs/signing.md).") from exc
    session = pkcs11.open_pkcs11_session(  # pragma: no cover - needs a token
        settings.OCOP_SIGNING_PKCS11_MODULE,
        token_label=os.environ.get("OCOP_SIGNING_PKCS11_TOKEN_LABEL") or None,
        user_pin=os.environ.get("OCOP_SIGNING_PKCS11_PIN") or None,
    )
    return pkcs11.PKCS11Signer(  # pragma: no cover
        session,
        cert_label=os.environ.get("OCOP_SIGNING_PKCS11_CERT_LABEL") or None,
        key_label=os.environ.get("OCOP_SIGNING_PKCS11_KEY_LABEL") or None,
    )


def timestamper_for(config: SigningConfig | None):
    """An RFC 3161 client for the configured TSA, or None."""
    if not config or not config.tsa_url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(config.tsa_url)


def font_path() -> str:
    configured = getattr(settings, "OCOP_SIGNING_FONT", "")
    for candidate in ((configured,) if configured else ()) + DEFAULT_FONTS:
        if candidate and Path(candidate).exists():
            return candidate
    raise ImproperlyConfigured("Không tìm thấy phông chữ tiếng Việt cho khối chữ ký (OCOP_SIGNING_FONT).")


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible block goes: page index and (x1, y1, x2, y2) in PDF points."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class SignatureText:
    """What the visible block says (NĐ 30/2020 Phụ lục I mục II)."""

    body: str  # the issuing body, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"
    signer: str = ""  # the person who signs on its behalf
    position: str = ""  # "Chủ tịch", "Chủ tịch Hội đồng"
    reason: str = ""


def signing_time_text(moment: dt.datetime) -> str:
    """"07/12/2026 12:30:05 +07:00": the signing time in Vietnam's time zone."""
    local = moment.astimezone(VIETNAM)
    return local.strftime("%d/%m/%Y %H:%M:%S ") + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]


def pdf_sign(
    data: bytes, *, text: SignatureText, place: SignatureBox | None = None,
    config: SigningConfig | None = None, timestamper=None,
) -> bytes:
    """The PDF with one PAdES signature of the issuing body (an incremental update: the
    original bytes stay as they were), a visible signature block, a timestamp when a TSA is
    configured (or `timestamper` given), and the validation data (certificates, CRLs) in the
    document security store, so it can be checked after the certificates expire."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import text as pdf_text
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    config = config or signing_config()
    if config is None:
        raise ImproperlyConfigured("Chưa cấu hình khóa ký số của cơ quan ban hành (docs/signing.md).")
    signer = _signer(config)
    timestamper = timestamper or timestamper_for(config)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    place = place or SignatureBox(page=-1, box=(330, 40, 560, 130))
    page = place.page if place.page >= 0 else int(writer.root["/Pages"]["/Count"]) + place.page
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=page, box=place.box))
    lines = ["Ký bởi: " + text.body]
    if text.signer:
        lines.append("Người ký: " + text.signer + (f", {text.position}" if text.position else ""))
    elif text.position:
        lines.append("Chức vụ: " + text.position)
    lines.append("Thời gian ký: %(when)s")
    style = stamp.TextStampStyle(
        stamp_text="\n".join(lines),
        text_box_style=pdf_text.TextBoxStyle(font=GlyphAccumulatorFactory(font_path()), font_size=7),
        border_width=1,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=text.reason or None,
        location="Việt Nam",
        name=text.signer or text.body,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True,
        validation_context=validation_context(config),
        use_pades_lta=timestamper is not None,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper, stamp_style=style)
    output = _outside_event_loop(
        pdf_signer.sign_pdf, writer, appearance_text_params={"when": signing_time_text(dt.datetime.now(dt.UTC))},
    )
    return output.getvalue()


def _outside_event_loop(call, *args, **kwargs):
    """pyHanko's synchronous calls start their own loop with asyncio.run, which refuses to run
    in a thread whose event loop is already running (an ASGI server, a browser-driving test
    run): there the call runs on a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()


# -- verification -----------------------------------------------------------------------------


@dataclass
class SignatureCheck:
    """What the signatures of a PDF are worth, in the terms the verification page uses."""

    signed: bool = False
    intact: bool = False  # the signed bytes are unaltered and the signature is mathematically valid
    whole_file: bool = False  # nothing was added after the signature (other than validation data)
    trusted: bool = False  # the signing certificate chains to a configured trust root
    signer: str = ""
    signer_organisation: str = ""
    signed_at: dt.datetime | None = None
    timestamped_at: dt.datetime | None = None
    demo: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.whole_file and self.trusted


def _subject_part(cert, key: str) -> str:
    try:
        return cert.subject.native.get(key, "") or ""
    except Exception:  # noqa: BLE001 - a malformed name is reported as empty
        return ""


def pdf_verify(data: bytes, *, config: SigningConfig | None = None) -> SignatureCheck:
    """Validate the PDF's last signature with pyHanko's validator against the trust roots."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    check = SignatureCheck()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - a damaged or altered file is an answer, not an error
        check.problems.append("Tệp PDF bị hỏng hoặc đã bị sửa, không đọc được chữ ký.")
        return check
    if not signatures:
        check.problems.append("Tệp không có chữ ký số.")
        return check
    # The body's signature, not the document timestamps PAdES B-LTA appends after it.
    signatures = [s for s in signatures if s.sig_object_type == "/Sig"] or signatures
    check.signed = True
    signature = signatures[-1]
    try:
        status = _outside_event_loop(validate_pdf_signature, signature, validation_context(config))
    except Exception:  # noqa: BLE001 - e.g. a byte changed inside the signature itself
        logger.info("Signature validation failed", exc_info=True)
        check.problems.append("Chữ ký số không kiểm tra được: tệp đã bị sửa hoặc hỏng.")
        return check
    check.intact = bool(status.intact and status.valid)
    check.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None and status.modification_level.name in ("NONE", "LTA_UPDATES")
    )
    check.trusted = bool(status.trusted)
    cert = status.signing_cert
    check.signer = _subject_part(cert, "common_name")
    check.signer_organisation = _subject_part(cert, "organization_name")
    check.demo = DEMO_MARK in check.signer or DEMO_MARK in check.signer_organisation
    check.signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        check.timestamped_at = status.timestamp_validity.timestamp
    if not check.intact:
        check.problems.append("Nội dung đã bị thay đổi sau khi ký: chữ ký không còn khớp.")
    if check.intact and not check.whole_file:
        check.problems.append("Tệp có nội dung được thêm vào sau khi ký.")
    if not check.trusted:
        check.problems.append("Chứng thư ký không thuộc cơ quan ban hành được tin cậy.")
    return check
