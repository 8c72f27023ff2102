"""Running the media app's commands, and the agency pictures they report on."""

from datetime import timedelta
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from media.models import Image, UsageRights
from media.services import image_save
from tests.factories import image_bytes

REPORT_QUERIES = 3


def save_image(title="Harbour at night", rights_expire_at=None, color=(30, 90, 160)):
    """An agency picture saved the way the admin saves one, renditions included."""
    image = Image(
        file=SimpleUploadedFile("photo.jpg", image_bytes(640, 360, color=color)),
        title=title,
        alt_text="Boats moored in a dark harbour",
        credit="Reuters",
        usage_rights=UsageRights.AGENCY,
        rights_expire_at=rights_expire_at,
    )
    return image_save(image=image)


def run(command, *args):
    """(stdout, stderr, the CommandError's message or None) of `manage.py command args`."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def days_from_now(days):
    return timezone.now() + timedelta(days=days)
