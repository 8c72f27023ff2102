"""Times as editors type and read them: in the newsroom's zone (TIME_ZONE), with the zone spelled out.

Django's split date/time field refuses a wall time that daylight saving skips or repeats with one
vague message; ZonedDateTimeField says which it is, when the clocks change, and for a repeated
time lets the editor choose which of the two is meant.
"""

import datetime

from django import forms
from django.contrib.admin.widgets import BaseAdminDateWidget, BaseAdminTimeWidget
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

FOLD_PROMPT = "This time happens twice:"
FOLD_CHOICES = [("", "—"), ("0", "the first (before the clocks go back)"), ("1", "the second (after)")]


def utc_offset(moment: datetime.datetime) -> str:
    minutes = int(moment.utcoffset().total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_now() -> str:
    """E.g. "Asia/Kolkata (IST, UTC+05:30)": the zone as it is now, so the abbreviation follows daylight saving."""
    now = timezone.localtime()
    return f"{timezone.get_current_timezone_name()} ({now.tzname()}, {utc_offset(now)})"


def zone_help_text() -> str:
    return f"Times are in {zone_now()}."


def local_datetime(moment) -> str:
    """A stored time in the newsroom's zone with the zone's abbreviation at that time, e.g. "29 Mar 2026, 02:30 BST"."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    return f"{date_format(local, 'j M Y, H:i')} {local.tzname()}"


CALENDAR_ENDS = "between the years 1 and 9999, in UTC and in the newsroom's zone"


def in_calendar(moment: datetime.datetime) -> bool:
    """Whether `moment` can be stored (in UTC) and shown (in TIME_ZONE): 1 January of year 1 in Kolkata is
    year 0 in UTC, and 31 December 9999 in UTC is year 10,000 in Kolkata, which no datetime can hold."""
    try:
        moment.astimezone(datetime.UTC)
        timezone.localtime(moment)
    except OverflowError:
        return False
    return True


def to_the_second(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as machines are told it: in the newsroom's zone, without its microseconds.

    "Publish now" stores the moment to the microsecond; HTML's datetime attribute allows at most three
    fractional digits, and no reader of a page, feed, sitemap or JSON-LD needs any. Rendering cuts them
    (rather than every write path storing less), so one rule serves every moment, whoever stored it.
    """
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


def machine_time(moment: datetime.datetime | None) -> str | None:
    """E.g. "2026-03-29T02:30:00+01:00", for a datetime attribute or JSON-LD."""
    return to_the_second(moment).isoformat() if moment else None


def clock_change(first: datetime.datetime, second: datetime.datetime) -> datetime.datetime:
    """The wall time, on the clock before the change, at which the offset changes between two instants."""
    utc = datetime.UTC
    low, high = sorted([first.astimezone(utc), second.astimezone(utc)])
    zone, before = first.tzinfo, low.astimezone(first.tzinfo).utcoffset()
    while high - low > datetime.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return (high + before).replace(tzinfo=None)


def spelled(naive: datetime.datetime) -> str:
    return f"{naive.day} {naive:%b %Y %H:%M}"


class ZonedSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """The admin's date and time inputs, and a choice between the two instants of a repeated time, shown when needed."""

    template_name = "articles/widgets/zoned_split_datetime.html"
    ask_fold = False  # set by the field's clean() on a form that met a repeated time

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(
            self, [BaseAdminDateWidget, BaseAdminTimeWidget, forms.Select(choices=FOLD_CHOICES)], attrs
        )

    def decompress(self, value):
        if not value:
            return [None, None, ""]
        local = timezone.localtime(value)
        naive = local.replace(tzinfo=None)
        repeated = (
            naive.replace(tzinfo=local.tzinfo, fold=0).utcoffset()
            != naive.replace(tzinfo=local.tzinfo, fold=1).utcoffset()
        )
        return [local.date(), local.time().replace(microsecond=0), str(local.fold) if repeated else ""]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = value[2] if isinstance(value, (list, tuple)) and len(value) > 2 else None
        if not isinstance(value, (list, tuple)):
            chosen = self.decompress(value)[2]
        context["widget"]["ask_fold"] = self.ask_fold or bool(chosen)
        context.update(date_label="Date:", time_label="Time:", fold_label=FOLD_PROMPT)
        return context


class ZonedDateTimeField(forms.SplitDateTimeField):
    widget = ZonedSplitDateTimeWidget

    def __init__(self, **kwargs):
        kwargs.pop("widget", None)  # the admin offers its own split widget, which has no place for the choice
        super().__init__(widget=ZonedSplitDateTimeWidget, require_all_fields=False, **kwargs)
        self.fields = (*self.fields, forms.ChoiceField(choices=FOLD_CHOICES, required=False))

    def compress(self, data_list):
        if not data_list or (data_list[0] in self.empty_values and data_list[1] in self.empty_values):
            return None
        naive = datetime.datetime.combine(data_list[0], data_list[1])
        zone = timezone.get_current_timezone()
        first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
        if not (in_calendar(first) and in_calendar(second)):
            raise ValidationError(f"Enter a time {CALENDAR_ENDS}.", code="outside_calendar")
        if first.utcoffset() == second.utcoffset():
            return first
        change = clock_change(first, second)
        name = timezone.get_current_timezone_name()
        if first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise ValidationError(
                f"{spelled(naive)} does not exist in {name}: clocks go forward at {change:%H:%M}. "
                "Enter a time before or after the change.",
                code="nonexistent_time",
            )
        fold = data_list[2] if len(data_list) > 2 else ""
        if fold in ("0", "1"):
            return second if fold == "1" else first
        self.widget.ask_fold = True
        self.widget.widgets[2].choices = [
            ("", "—"),
            ("0", f"{naive:%H:%M} {first.tzname()} ({utc_offset(first)}), before the clocks go back"),
            ("1", f"{naive:%H:%M} {second.tzname()} ({utc_offset(second)}), after"),
        ]
        raise ValidationError(
            f"{spelled(naive)} happens twice in {name} ({first.tzname()} and {second.tzname()}): "
            f"clocks go back at {change:%H:%M}. Choose which one you mean under the time.",
            code="ambiguous_time",
        )
