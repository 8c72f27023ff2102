"""Checking and converting the values a source file gives: dates, text, lists, numbers.

Each function raises ImportProblem with the field's name and the value, so that the
operator can find the mistake in the file.
"""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.local_times import CALENDAR_ENDS, in_calendar
from articles.models import Status
from transfer.records import ImportProblem

DATE_HINT = "use ISO 8601, e.g. 2025-10-22T09:30:00+05:30 or 2025-10-22"


def when(value, field: str) -> datetime | None:
    """An aware datetime from an ISO 8601 string (or a YAML date/datetime); naive times are in TIME_ZONE."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()  # parse_datetime reads a "Z" suffix itself
        try:
            moment = parse_datetime(text)
            if moment is None and (day := parse_date(text)) is not None:
                moment = datetime.combine(day, time())
        except ValueError:
            moment = None
        if moment is None:
            raise ImportProblem(f"“{field}”: {value!r} is not a date ({DATE_HINT}).")
    else:
        raise ImportProblem(f"“{field}”: {value!r} is not a date ({DATE_HINT}).")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    if not in_calendar(moment):
        raise ImportProblem(f"“{field}”: {value!r} is not a time {CALENDAR_ENDS}.")
    return moment


def after(moment: datetime | None, field: str, earlier: datetime | None, earlier_field: str) -> None:
    """Refuse `moment` unless it comes after `earlier` (when both are given): an expiry after its publication."""
    if moment is not None and earlier is not None and moment <= earlier:
        raise ImportProblem(
            f"“{field}”: {moment.isoformat()} is not after “{earlier_field}” ({earlier.isoformat()}); "
            "it must be later, or left out."
        )


def text(value, field: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ImportProblem(f"“{field}” must be text, not {type(value).__name__}.")
    value = str(value).strip()
    if required and not value:
        raise ImportProblem(f"Missing required field “{field}”.")
    return value


def text_list(value, field: str) -> list[str]:
    """A list of strings; a single string is a list of one."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ImportProblem(f"“{field}” must be a list of names.")
    return [item.strip() for item in value if item.strip()]


def choice(value, field: str, choices, default: str) -> str:
    """One of a TextChoices' values (or its label, as editors write it); empty gives `default`."""
    if value in (None, ""):
        return default
    if isinstance(value, str):
        for option, label in choices.choices:
            if value.strip().lower() in {option, str(label).lower()}:
                return option
    allowed = ", ".join(option for option, _label in choices.choices)
    raise ImportProblem(f"“{field}”: {value!r} is not one of {allowed}.")


def flag(value, field: str) -> bool:
    if value in (None, ""):
        return False
    if not isinstance(value, bool):
        raise ImportProblem(f"“{field}” must be true or false, not {value!r}.")
    return value


def whole_number(value, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImportProblem(f"“{field}” must be a whole number ≥ 0, not {value!r}.")
    return value


def status(value, field: str = "status") -> str:
    value = text(value, field) or Status.DRAFT
    if value not in Status.values:
        raise ImportProblem(f"“{field}”: {value!r} is not a status (one of {', '.join(Status.values)}).")
    return value


def mapping(value, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportProblem(f"“{field}” must be an object with named fields.")
    return value
