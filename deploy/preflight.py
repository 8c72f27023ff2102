"""`make serve`'s first step: refuse to start, in one line, when the settings or the database are wrong.

Django reports a bad setting or an unreachable database as a long traceback; whoever is starting the site
needs the sentence at its end. The Makefile then runs the checks, migrations, collectstatic and gunicorn.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def problem():
    """What stops the site from starting, in one line, or None."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        return str(error)

    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as error:
        database = connection.settings_dict
        where = database["NAME"]
        if connection.vendor != "sqlite":  # never the password
            where = f"{connection.vendor} {database['USER']}@{database['HOST']}:{database['PORT']}/{where}"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"cannot connect to the database in DATABASE_URL ({where}): {reason}"
    finally:
        connection.close()
    return None


if __name__ == "__main__":
    found = problem()
    if found:
        sys.exit(f"Not starting: {found}")
