"""Uploads are judged by their first bytes, never by name or the browser's type."""

from __future__ import annotations

import pytest

from portal.documents.service import (EMPTY, MAX_BYTES, TOO_BIG, WRONG_KIND, DocumentRefused, check_upload,
                                      clean_filename)
from portal.documents.store import FilesystemStore


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n...", "application/pdf"), (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"), (b"\x89PNG\r\n\x1a\n....", "image/png"),
])
def test_accepted_by_content(data, kind):
    assert check_upload(data)[0] == kind


@pytest.mark.parametrize("data, reason", [
    (b"", EMPTY),
    (b"MZ\x90\x00\x03" + b"\x00" * 100, WRONG_KIND),  # a Windows program renamed to .pdf
    (b"\x7fELF\x02\x01", WRONG_KIND),
    (b"%PDF-" + b"0" * MAX_BYTES, TOO_BIG),
])
def test_refused(data, reason):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(data)
    assert refused.value.reason == reason


def test_filenames_are_cleaned_and_get_the_real_extension():
    assert clean_filename("../../etc/passwd", ".pdf") == "passwd.pdf"
    assert clean_filename('invoice "x".exe', ".png") == "invoice x.png"
    assert clean_filename("", ".jpg") == "document.jpg"


async def test_the_filesystem_store_keeps_keys_inside_its_root(tmp_path):
    store = FilesystemStore(tmp_path)
    key = "amsterdam/7f9c1f6e-4d3b-4b7e-9a55-0e4f1c2d3b4a"
    await store.put(key, b"%PDF-1")
    assert await store.get(key) == b"%PDF-1"
    with pytest.raises(ValueError):
        await store.get("../secret_key")
    await store.delete(key)
    assert not (tmp_path / key).exists()
