"""Tests in a package, in classes: allure-pytest's parentSuite/suite/subSuite and package."""
import pytest


@pytest.fixture
def broken_teardown():
    yield
    raise OSError("printer jammed")


class TestInvoice:
    def test_totals(self, record_property):
        record_property("issue", "ticket ACC-7")
        assert 2 + 2 == 4

    @pytest.mark.parametrize("customer", ["Zoë", "<&>\"'{}", "李"])
    def test_greets(self, customer):
        assert customer

    def test_rounding(self):
        assert round(2.675, 2) == 2.68, "float rounding"

    def test_teardown_fails(self, broken_teardown):
        pass

    @pytest.mark.skip(reason="tax service offline")
    def test_tax(self):
        pass

    @pytest.mark.xfail(reason="known bug ACC-9")
    def test_known_bug(self):
        assert False

    @pytest.mark.xfail(reason="maybe fixed")
    def test_maybe_fixed(self):
        pass

    class TestRefunds:
        def test_refund(self):
            pass


def test_module_level():
    pass
