import pytest


class TestCart:
    def test_add(self):
        pass

    @pytest.mark.parametrize("a,b", [(1, 2), (3, 3)], ids=["one-two", "three<&>"])
    def test_pair(self, a, b):
        assert a == b


@pytest.fixture(scope="module")
def module_setup_fails():
    raise ValueError("module fixture failed")


def test_uses_module_fixture(module_setup_fails):
    pass


def test_uses_module_fixture_again(module_setup_fails):
    pass
