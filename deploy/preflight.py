"""`make serve`'s first step: refuse to start, in one line, when the settings, the database or the bucket are wrong.

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
    return bucket_problem()


def bucket_problem():
    """Why the bucket for uploads does not answer, in one line; None when it does, or uploads are local files."""
    from django.core.files.storage import storages

    storage = storages["default"]
    bucket = getattr(storage, "bucket_name", None)
    if not bucket:
        return None
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    # Shorter than the site's own limits: whoever starts the site is waiting for this answer.
    quick = Config(connect_timeout=5, read_timeout=10, retries={"mode": "standard", "total_max_attempts": 2})
    session = boto3.session.Session(
        aws_access_key_id=storage.access_key,
        aws_secret_access_key=storage.secret_key,
        aws_session_token=storage.security_token,
    )
    config = storage.client_config.merge(quick)
    client = session.client("s3", endpoint_url=storage.endpoint_url, region_name=storage.region_name, config=config)
    try:
        client.head_bucket(Bucket=bucket)
        return None
    except NoCredentialsError:
        reason = "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give the machine a role"
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        reason = {
            404: "no such bucket",
            403: "access denied: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that they may list the bucket",
        }.get(status, str(error))
    except BotoCoreError as error:
        reason = str(error)
    where = storage.endpoint_url or f"AWS S3, region {storage.region_name or 'unset'}"
    return f"cannot use the bucket for uploads in AWS_STORAGE_BUCKET_NAME ({bucket} at {where}): {reason}"


if __name__ == "__main__":
    found = problem()
    if found:
        sys.exit(f"Not starting: {found}")
