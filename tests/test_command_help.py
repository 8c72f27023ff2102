"""Every project command explains itself in --help: what it does, and each of its options."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = {"articles", "authors", "media", "demo", "transfer", "staff_security"}
# Options every Django command has; their help is Django's.
STANDARD = {
    "help", "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color", "skip_checks",
}  # fmt: skip
PROJECT_COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_operations_commands_exist():
    assert {
        "import_articles",
        "export_articles",
        "load_demo",
        "generate_articles",
        "rebuild_renditions",
        "image_rights_report",
    } <= set(PROJECT_COMMANDS)


@pytest.mark.parametrize("name", PROJECT_COMMANDS)
def test_help_explains_the_command_and_every_option(name):
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("manage.py", name)
    text = " ".join(parser.format_help().split())

    assert len(command.help) > 80, f"{name}'s help says too little: {command.help!r}"
    assert " ".join(command.help.split())[:60] in text
    for action in parser._actions:
        if action.dest not in STANDARD:
            assert action.help, f"{name}: the option {action.option_strings or action.dest} has no help"
