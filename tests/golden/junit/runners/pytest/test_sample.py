"""A tiny pytest project whose --junitxml report is a golden input of allure-lua."""
import sys

import pytest


def test_passes():
    print("hello from stdout")


def test_fails_assertion():
    total = 1 + 1
    assert total == 3, "math is broken"


def test_raises_exception():
    raise RuntimeError("boom")


@pytest.fixture
def broken_setup():
    raise ValueError("fixture exploded")


def test_setup_error(broken_setup):
    pass


@pytest.fixture
def broken_teardown():
    yield
    raise OSError("teardown exploded")


def test_fails_then_teardown_error(broken_teardown):
    assert [1, 2] == [1, 3]


def test_skips_at_runtime():
    pytest.skip("not today")


@pytest.mark.skip(reason="marked as skipped")
def test_skip_marker():
    pass


@pytest.mark.xfail(reason="known bug #12")
def test_xfail():
    assert False


@pytest.mark.xfail(reason="maybe fixed")
def test_xpass():
    pass


@pytest.mark.parametrize("a,b,expected", [(1, 2, 3), (2, 2, 5), (0, 0, 0)])
def test_add(a, b, expected):
    assert a + b == expected


@pytest.mark.parametrize("word", ["alpha", "two words"], ids=["short", "long-id"])
def test_word(word):
    assert word


def test_properties(record_property, record_testsuite_property):
    record_property("owner", "alice")
    record_property("severity", "critical")
    record_property("ticket", "ABC-1")
    record_testsuite_property("env", "staging")


def test_attachment():
    print("[[ATTACHMENT|attachments/login-page.txt]]")
    print("something on stderr", file=sys.stderr)


class TestGroup:
    def test_in_class(self):
        pass

    @pytest.mark.parametrize("n", [1, 2])
    def test_param_in_class(self, n):
        assert n < 2
