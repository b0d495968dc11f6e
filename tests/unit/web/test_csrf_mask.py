"""The one-time pad of portal.web.csrf: mask gives a different text each time, unmask the token back."""

from __future__ import annotations

from litestar.middleware.csrf import generate_csrf_token

from portal.web.csrf import mask, unmask


def test_masking_twice_gives_two_texts_that_unmask_to_the_token():
    token = generate_csrf_token(secret="s")
    first, second = mask(token), mask(token)
    assert first != second and token not in first
    assert unmask(first) == unmask(second) == token


def test_a_plain_token_passes_and_anything_else_is_none():
    token = generate_csrf_token(secret="s")
    assert unmask(token) == token
    masked = mask(token)
    assert unmask(masked[:-1]) is None
    assert unmask(masked + "A") is None
    assert unmask("!" * len(masked)) is None
    assert unmask("") is None and unmask(None) is None
    assert unmask("z" * len(token)) is None  # the plain length, not hex


def test_a_changed_character_unmasks_to_another_token():
    token = generate_csrf_token(secret="s")
    masked = mask(token)
    changed = masked[:100] + ("A" if masked[100] != "A" else "B") + masked[101:]
    assert unmask(changed) != token
