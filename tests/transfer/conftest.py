import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

FIXTURES = Path(__file__).parent / "fixtures"


def make_jpeg(path: Path, size=(1200, 800), colour=(40, 90, 160)):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, colour).save(path, "JPEG", quality=85)
    return path


@pytest.fixture(autouse=True)
def fresh_media_root(media_root):
    """Every import test stores pictures, each under a MEDIA_ROOT of its own (tests/conftest.py)."""
    return media_root


@pytest.fixture
def files(tmp_path):
    """A copy of the fixture files, with the pictures they name made with Pillow."""
    folder = tmp_path / "incoming"
    shutil.copytree(FIXTURES, folder)
    make_jpeg(folder / "images" / "hanoi-port.jpg", (1600, 1000), (30, 110, 150))
    make_jpeg(folder / "markdown" / "jakarta-floods.jpg", (1400, 900), (120, 80, 40))
    return folder


class Result:
    def __init__(self, ok, stdout, stderr, error=""):
        self.ok, self.stdout, self.stderr, self.error = ok, stdout, stderr, error

    @property
    def output(self):
        return self.stdout + self.stderr + self.error


def run(command, *args, **options):
    """call_command, with what an operator would see: stdout, stderr, and whether it exited 0."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *[str(arg) for arg in args], stdout=out, stderr=err, **options)
    except CommandError as error:
        return Result(False, out.getvalue(), err.getvalue(), str(error))
    return Result(True, out.getvalue(), err.getvalue())


def uploaded_files(media_root: Path):
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
