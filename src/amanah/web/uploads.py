"""Uploaded files, read in chunks with the size limit enforced while reading."""

from __future__ import annotations

from starlette.datastructures import UploadFile

from amanah.config import get_settings
from amanah.errors import InvalidInput

CHUNK = 64 * 1024


async def read_upload(file: UploadFile, limit: int | None = None) -> bytes:
    limit = get_settings().max_document_bytes if limit is None else limit
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise InvalidInput(f"the file is larger than {limit} bytes", field="file")
        chunks.append(chunk)
    return b"".join(chunks)
