"""What a document's bytes are, read from the bytes (their magic numbers, by `filetype`), not
from the type the client declared: an executable declared as a PDF is refused."""

from __future__ import annotations

import filetype

from amanah.errors import InvalidInput
from amanah.i18n import N_

BINARY_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
TEXT_TYPES = frozenset({"text/plain", "application/xml"})


def check_content(declared: str, content: bytes) -> None:
    """Refuse `content` unless it is what `declared` says: PDF, PNG and JPEG by their
    signatures; plain text and XML as UTF-8 text that no binary signature matches."""
    detected = filetype.guess_mime(content)
    if declared in BINARY_TYPES:
        if detected != declared:
            raise InvalidInput(N_("the file is declared %(declared)s but its content is "
                                  "%(detected)s"), field="file",
                                  values={"declared": declared, "detected": detected or 'not recognised'})  # fmt: skip
        return
    if declared in TEXT_TYPES:
        if detected is not None or b"\x00" in content or not _is_utf8(content):
            raise InvalidInput(N_("the file is declared %(declared)s but its content is "
                                  "%(detected)s"), field="file",
                                  values={"declared": declared, "detected": detected or 'binary'})  # fmt: skip
        if declared == "application/xml" and not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
            b"<"
        ):
            raise InvalidInput(
                N_("the file is declared XML but does not start as XML"), field="file"
            )


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
