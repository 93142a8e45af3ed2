import sys
import pytest


@pytest.fixture
def broken_setup():
    raise RuntimeError("database unreachable")


@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("cleanup failed")


class TestCart:
    def test_add(self):
        print("adding to cart")
        print("warning on stderr", file=sys.stderr)
        assert 1 + 1 == 2

    def test_total(self):
        assert sum([1, 2]) == 4, "total is wrong"

    def test_raises(self):
        {}["missing"]

    @pytest.mark.parametrize("name", ["ünïcödé ✓", "<&>\"'{}", "plain"])
    def test_names(self, name):
        assert name != "plain"

    def test_setup_error(self, broken_setup):
        pass

    def test_teardown_error_and_fail(self, broken_teardown):
        assert False, "body fails too"

    class TestNested:
        def test_add(self):
            pass


def test_big_output():
    print("y" * 50000)


@pytest.mark.skip(reason="not on CI")
def test_skipped():
    pass


def test_skip_inside():
    pytest.skip("decided at run time")


@pytest.mark.xfail(reason="known bug 12", strict=True)
def test_xpass_strict():
    pass


@pytest.mark.xfail(reason="known bug 13")
def test_xfail():
    assert 0


@pytest.mark.xfail(reason="maybe", strict=False)
def test_xpass():
    pass


def test_xfail_imperative():
    pytest.xfail("not supported here")
