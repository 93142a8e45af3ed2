import not_a_module_anywhere


def test_never():
    pass
