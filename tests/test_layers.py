"""The import contracts (pyproject.toml, [tool.importlinter]) hold on the real tree, and lint-imports, run by
`make check`, fails naming the contract when an import breaks one."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}


def lint_imports(folder):
    """(exit status, output) of lint-imports run in `folder`, as `make check` runs it."""
    result = subprocess.run(  # noqa: S603
        [LINT_IMPORTS, "--no-cache"],
        cwd=folder,
        env={**os.environ, "COLUMNS": "200"},  # a contract's name on one line
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the project's packages and pyproject.toml, to break."""
    copy = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "pyproject.toml", copy)
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture
def broken(tree, tmp_path):
    """broken(module file, import line): a copy of the tree with that import added at the end of that file."""

    def add(path, line):
        copy = tmp_path / "tree"
        shutil.copytree(tree, copy)
        with (copy / path).open("a") as source:
            source.write(f"\n{line}\n")
        return copy

    return add


def test_the_tree_keeps_every_contract():
    status, output = lint_imports(ROOT)

    assert status == 0, output
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in output


@pytest.mark.parametrize(
    ("path", "line", "contract", "why"),
    [
        (
            "articles/models.py",
            "import demo",
            "leaves",
            "articles.models is not allowed to import demo",
        ),
        (
            "articles/services.py",
            "from articles import views",
            "layers",
            "articles.services is not allowed to import articles.views",
        ),
        (
            "articles/signals.py",
            "import authors",
            "apps",
            "articles is not allowed to import authors",
        ),
        (
            "media/models.py",
            "from articles.models import Article",
            "apps",
            "media is not allowed to import articles",
        ),
        (
            "common/fields.py",
            "from newsroom import urls",
            "apps",
            "common is not allowed to import newsroom",
        ),
        (
            "staff_security/rules.py",
            "from authors.models import Author",
            "staff-security",
            "staff_security.rules -> authors.models",
        ),
    ],
)
def test_an_import_against_a_contract_fails_the_check_and_names_the_contract(broken, path, line, contract, why):
    status, output = lint_imports(broken(path, line))

    assert status != 0
    assert f"{CONTRACTS[contract]} BROKEN" in output
    assert why in output


def readme_layout():
    """{folder: the files and folders README.md's layout block names in it}."""
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Architecture", 1)[1].split("```\n", 2)[1]
    layout, folder = {}, None
    for line in block.splitlines():
        if not line.startswith(" "):
            folder, line = line.split("/", 1)
            layout[folder] = set()
        layout[folder] |= set(re.findall(r"[\w/-]+\.(?:py|md|html)\b", line))
    return layout


def test_the_readmes_folder_layout_names_every_folder_and_only_files_that_exist():
    layout = readme_layout()
    folders = {path.name for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")}

    # Less what a checkout makes locally and git ignores.
    assert set(layout) == folders - {"node_modules", "var", "test-results", "__pycache__"}
    named = sorted(f"{folder}/{name}" for folder, names in layout.items() for name in names)
    # A module may have grown into a package of the same name.
    assert [name for name in named if not (ROOT / name).exists() and not (ROOT / name).with_suffix("").is_dir()] == []
