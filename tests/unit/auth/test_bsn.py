import pytest

from portal.auth.bsn import is_valid_bsn, normalise_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "12345672", 111222333])
def test_valid_numbers_pass(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("bsn", ["111222334", "123456789", "000000000", "12345678a", "1234567", "1234567890", "", None, " "])
def test_invalid_numbers_fail(bsn):
    assert not is_valid_bsn(bsn)


def test_an_eight_digit_bsn_gets_a_leading_zero():
    assert normalise_bsn("12345672") == "012345672"
