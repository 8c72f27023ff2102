"""The Nu HTML Checker (vnu) over several pages in one run (a JVM start takes seconds). It needs `java` and
node_modules/vnu-jar, which `make test` installs (npm ci)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(files: dict[str, Path]) -> dict[str, str]:
    """Each page's errors, described with the line they are on; a page without errors is left out."""
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker needs `java` and {VNU_JAR}: `make test` installs both.")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout", *map(str, files.values())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not report in JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    names = {str(file.resolve()): name for name, file in files.items()}
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        url = message.get("url", "")
        name = names.get(url.removeprefix("file:"), url or "vnu")
        line = message.get("lastLine")
        source = files[name].read_text().splitlines()[line - 1].strip()[:200] if name in files and line else ""
        errors.setdefault(name, []).append(f"line {line}: {message.get('message')}\n    {source}")
    return {name: "\n".join(described) for name, described in errors.items()}
