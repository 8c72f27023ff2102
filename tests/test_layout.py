"""The test suite's own layout: helpers shared between test modules live in tests/helpers/."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(path):
    """The test modules (test_*.py) that the file at `path` imports, as dotted names."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.level or module.startswith("tests"):
                # `from tests.articles import test_seo` names the test module in the imported names.
                found += [module, *(f"{module.rstrip('.')}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("tests")]
    return sorted({module for module in found if module.rsplit(".", 1)[-1].startswith("test_")})


def test_no_test_module_imports_from_another_test_module():
    """A helper two test files need goes to tests/helpers/ (or a conftest.py), so running, moving or deleting
    one test file never breaks another."""
    offenders = {
        path.relative_to(TESTS).as_posix(): modules
        for path in sorted(TESTS.rglob("*.py"))
        if (modules := imported_test_modules(path))
    }
    assert offenders == {}


def test_the_check_sees_each_way_of_importing_a_test_module(tmp_path):
    source = tmp_path / "test_example.py"
    source.write_text(
        "from tests.articles.test_workflow import change_form_data\n"
        "from tests.articles import test_seo\n"
        "import tests.test_settings\n"
        "from .test_export import read_export\n"
        "from tests.helpers.html import HeadParser\n"
        "from tests.transfer.conftest import run\n"
    )
    assert imported_test_modules(source) == [
        ".test_export",
        "tests.articles.test_seo",
        "tests.articles.test_workflow",
        "tests.test_settings",
    ]
