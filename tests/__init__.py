import pytest

# A failed assert in a shared helper explains itself as one in a test module does.
pytest.register_assert_rewrite("tests.helpers")
