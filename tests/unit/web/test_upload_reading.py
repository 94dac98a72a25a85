"""Uploads are read in chunks and stop at the limit, before the whole file is in memory."""

from __future__ import annotations

import asyncio
import io

import pytest
from fastapi import UploadFile

from amanah.errors import InvalidInput
from amanah.web.uploads import read_upload


class CountingFile(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.handed_out = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.handed_out += len(chunk)
        return chunk


def test_reading_stops_soon_after_the_limit() -> None:
    source = CountingFile(b"x" * 10_000_000)
    with pytest.raises(InvalidInput) as refused:
        asyncio.run(read_upload(UploadFile(source, filename="big.pdf"), limit=100_000))
    assert refused.value.field == "file"
    assert source.handed_out < 200_000


def test_a_file_within_the_limit_is_read_whole() -> None:
    data = b"%PDF-1.4 " + b"y" * 300_000
    assert asyncio.run(read_upload(UploadFile(io.BytesIO(data), filename="a.pdf"), 400_000)) == data
