"""A module that fails to import: pytest reports a collection error for it."""
import shop_missing_dependency  # noqa: F401


def test_never_collected():
    pass
