"""The editor's desk on the admin index."""

import re

ADMIN = "/admin/"


def panel(page, panel_id):
    """The text of the desk's <section id=panel_id>, tags removed."""
    match = re.search(rf'<section id="{panel_id}".*?</section>', page, re.S)
    assert match, panel_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())
