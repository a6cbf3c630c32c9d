"""A pinned hub CA: checking that a PEM text holds a CA certificate that TLS can use, and the
short fingerprint the operator compares with the one the hub's administrator gives."""

from __future__ import annotations

import hashlib
import re
import ssl

_CERT = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def ca_fingerprint(pem: str) -> str:
    """SHA-256 fingerprint (first 8 bytes, ``AB:CD:...``) of the first certificate in ``pem``.
    Raises ``ValueError`` when the text holds no CA certificate TLS could verify against."""
    found = _CERT.search(pem)
    if found is None:
        raise ValueError("no PEM certificate")
    try:
        context = ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError) as exc:
        raise ValueError("unreadable certificate") from exc
    if context.cert_store_stats().get("x509_ca", 0) == 0:
        raise ValueError("not a CA certificate")
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(found.group(0))).digest()
    return ":".join(f"{b:02X}" for b in digest[:8])
