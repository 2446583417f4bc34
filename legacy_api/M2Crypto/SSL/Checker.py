"""Post-handshake peer certificate checks (M2Crypto/SSL/Checker.py): the
host name against the subjectAltName dNSName/iPAddress entries, falling back
to the subject commonName only when the certificate has neither (RFC 6125),
and an optional pinned SHA-256 fingerprint. Name matching is OpenSSL's
X509_check_host / X509_check_ip_asc through the core."""
import ipaddress
import re
from typing import Optional, Union

from cryptoshim import _core
from cryptoshim.legacy import entry_point, legacy_class, unsafe_operation
from M2Crypto import X509, _release, m2

__all__ = ["SSLVerificationError", "NoCertificate", "WrongCertificate", "WrongHost", "Checker"]

_NO_PARTIAL_WILDCARDS = 0x4  # X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
_NEVER_CHECK_SUBJECT = 0x20  # X509_CHECK_FLAG_NEVER_CHECK_SUBJECT


class SSLVerificationError(Exception):
    pass


class NoCertificate(SSLVerificationError):
    pass


class WrongCertificate(SSLVerificationError):
    pass


class WrongHost(SSLVerificationError):
    def __init__(self, expectedHost: str, actualHost: Union[str, bytes],
                 fieldName: str = "commonName") -> None:
        if fieldName not in ("commonName", "subjectAltName"):
            raise ValueError("Unknown fieldName, should be either commonName or subjectAltName")
        SSLVerificationError.__init__(self)
        self.expectedHost = expectedHost
        self.actualHost = actualHost
        self.fieldName = fieldName

    def __str__(self) -> str:
        actual = self.actualHost.decode() if isinstance(self.actualHost, bytes) else self.actualHost
        return (
            f"Peer certificate {self.fieldName} does not match host, "
            f"expected {self.expectedHost}, got {actual}"
        )


def _ip_text(text: str) -> Optional[str]:
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        return None


def _subject_alt_name(cert: X509.X509) -> str:
    try:
        return cert.get_ext("subjectAltName").get_value()
    except LookupError:
        return ""


@legacy_class("m2crypto.SSL.Checker.Checker")
class Checker:
    numericIpMatch = re.compile(r"^[0-9]+(\.[0-9]+)*$")
    hostCheckFlags: int = _NO_PARTIAL_WILDCARDS

    def __init__(self, host: Optional[str] = None, peerCertHash: Optional[bytes] = None,
                 peerCertDigest: str = _release.DIGEST) -> None:
        self.host = host
        self.fingerprint = peerCertHash
        self.digest = peerCertDigest

    @entry_point("m2crypto.SSL.Checker.Checker.__call__")
    def __call__(self, peerCert: Optional[X509.X509], host: Optional[str] = None) -> bool:
        if peerCert is None:
            raise NoCertificate("peer did not return certificate")
        if host is not None:
            self.host = host
        if self.fingerprint:
            self._check_fingerprint(peerCert)
        if self.host:
            self._checkHost(peerCert, self.host)
        elif not self.fingerprint:
            unsafe_operation("m2crypto.SSL.Checker.Checker.__call__",
                             "post-connection check without a host name: the peer "
                             "certificate's identity is not checked")
        return True

    def _check_fingerprint(self, peerCert: X509.X509) -> None:
        # Hex lengths of the digests each release accepts for pinning.
        lengths = {"sha1": 40, "md5": 32} if _release.OLD_DEFAULTS else {"sha256": 64}
        if self.digest not in lengths:
            raise ValueError(f'unsupported digest "{self.digest}"')
        if self.digest in ("md5", "sha1"):
            unsafe_operation("m2crypto.SSL.Checker.Checker.__call__",
                             f"peer certificate pinned by its {self.digest} fingerprint")
        expected_len = lengths[self.digest]
        expected = (
            self.fingerprint.decode() if isinstance(self.fingerprint, bytes) else self.fingerprint
        ) or ""  # set: this branch runs for a pinned fingerprint only
        if len(expected) != expected_len:
            raise WrongCertificate(
                f"peer certificate fingerprint length does not match\nfingerprint: {expected}\n"
                f"expected = {expected_len}\nobserved = {len(expected)}")
        observed = peerCert.get_fingerprint(md=self.digest)
        if observed.lower() != expected.lower():
            raise WrongCertificate("peer certificate fingerprint does not match\n"
                                   f"expected = {expected},\nobserved = {observed}")

    def _checkHost(self, peerCert: X509.X509, host: Union[str, bytes]) -> None:
        host_str = host.decode() if isinstance(host, bytes) else host
        ip_host = _ip_text(host_str)
        try:
            san_types = {gen_type for gen_type, _ in peerCert.get_subject_alt_names()}
        except X509.X509Error as exc:
            raise WrongCertificate(str(exc))  # noqa: B904  (chained as upstream's: implicit __context__, no __cause__)
        self.useSubjectAltNameOnly = bool(san_types & {m2.GEN_DNS, m2.GEN_IPADD})
        cert = peerCert._ptr()
        if ip_host is not None:
            if _core.certificate_check_ip(cert, ip_host) == 1:
                return
        else:
            flags = self.hostCheckFlags
            if self.useSubjectAltNameOnly:
                flags |= _NEVER_CHECK_SUBJECT
            ret = _core.certificate_check_host(cert, host_str, flags)
            if ret == 1:
                return
            if ret < 0:
                raise WrongCertificate(f"cannot check host {host_str!r} against peer certificate")
        if self.useSubjectAltNameOnly:
            raise WrongHost(expectedHost=host_str, actualHost=_subject_alt_name(peerCert),
                            fieldName="subjectAltName")
        common_names = [e.get_data().as_text()
                        for e in peerCert.get_subject().get_entries_by_nid(m2.NID_commonName)]
        if ip_host is not None:
            for name in common_names:
                if _ip_text(name) == ip_host:
                    return
        if not common_names:
            raise WrongCertificate("no commonName in peer certificate")
        raise WrongHost(expectedHost=host_str, actualHost=",".join(common_names),
                        fieldName="commonName")

    # M2Crypto's text-based matching helpers, kept for callers (and tests)
    # that use them directly; the check above goes through X509_check_host.
    def _splitSubjectAltName(
        self, host: Union[str, bytes], subjectAltName: Union[str, bytes]
    ) -> bool:
        host_str = host.decode() if isinstance(host, bytes) else host
        san_str = subjectAltName.decode() if isinstance(subjectAltName, bytes) else subjectAltName
        self.useSubjectAltNameOnly = False
        for certHost in san_str.split(","):
            certHost = certHost.lower().strip()
            if certHost[:4] == "dns:":
                self.useSubjectAltNameOnly = True
                if self._match(host_str, certHost[4:]):
                    return True
            elif certHost[:11] == "ip address:":
                self.useSubjectAltNameOnly = True
                if self._matchIPAddress(host_str, certHost[11:]):
                    return True
        return False

    def _match(self, host: str, certHost: str) -> bool:
        """Case-insensitive equality, or one '*' matching within a single
        label; no wildcards against numeric addresses or with backslashes."""
        host = host.lower()
        certHost = certHost.lower()
        if host == certHost:
            return True
        if certHost.count("*") > 1:
            return False
        if self.numericIpMatch.match(host) or self.numericIpMatch.match(certHost.replace("*", "")):
            return False
        if certHost.find("\\") > -1:
            return False
        pattern = re.escape(certHost).replace("\\*", "[^.]*")
        return re.fullmatch(pattern, host) is not None

    def _matchIPAddress(self, host: Union[str, bytes], certHost: Union[str, bytes]) -> bool:
        host_str = host.decode() if isinstance(host, bytes) else host
        cert_str = certHost.decode() if isinstance(certHost, bytes) else certHost
        try:
            return ipaddress.ip_address(host_str) == ipaddress.ip_address(cert_str)
        except ValueError:
            return False

