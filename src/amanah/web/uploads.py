"""Uploaded files read in chunks, with the size limit enforced while reading: a client cannot
make the server hold more than the limit (plus one chunk) in memory."""

from __future__ import annotations

from starlette.datastructures import UploadFile

from amanah.errors import InvalidInput
from amanah.i18n import N_

CHUNK = 64 * 1024


async def read_upload(file: UploadFile, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise InvalidInput(
                N_("the file is larger than %(limit)s bytes"), field="file", values={"limit": limit}
            )
        parts.append(chunk)
    return b"".join(parts)
