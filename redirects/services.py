"""Write paths for redirects: what content leaves behind when its address changes, what editors add in the manager
(by hand or by CSV), and addresses taken down for good (410 Gone).

A reader is never sent through more than one redirect: A→B then B→C leaves A→C and B→C, and a redirect that would
lead back to where it starts is refused.
"""

import csv
import io
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from redirects.addresses import is_local, new_address, old_address
from redirects.models import Origin, Redirect, RedirectStatus

EDITORS_ONLY = "Managing redirects is for editors."
CHAIN_LIMIT = 50
CSV_COLUMNS = ["old_path", "new_path", "status", "reason"]
SPREADSHEET_FORMULA = ("=", "+", "-", "@")


def can_manage_redirects(user, action: str = "change") -> bool:
    return user.has_perm(f"redirects.{action}_redirect")


def redirect_check(redirect: Redirect) -> None:
    """Put the redirect's addresses in the form lookups use, and refuse what readers could not follow."""
    _written_as_kept(redirect)
    if redirect.new_path == redirect.old_path:
        raise ValidationError({"new_path": "A redirect to its own address would send readers round in a circle."})
    if redirect.status != RedirectStatus.GONE:
        loop = _chain(redirect.new_path, exclude_pk=redirect.pk, until=redirect.old_path)
        if loop[-1] == redirect.old_path:
            raise ValidationError(
                {"new_path": f"This would make a loop: {' → '.join([redirect.old_path, *loop])}. Change one of them."}
            )
    redirect.full_clean()


def _written_as_kept(redirect: Redirect) -> None:
    """The redirect's addresses as lookups compare them, and no target for a 410 nor reason for a redirect; raises
    ValidationError by field for addresses that cannot be kept."""
    errors = {}
    try:
        redirect.old_path = old_address(redirect.old_path)
    except ValidationError as error:
        errors["old_path"] = error.messages
    if redirect.status == RedirectStatus.GONE:
        redirect.new_path = ""
    else:
        redirect.reason = ""
        try:
            redirect.new_path = new_address(redirect.new_path)
        except ValidationError as error:
            errors["new_path"] = error.messages
    if errors:
        raise ValidationError(errors)


def _chain(start: str, *, exclude_pk=None, until: str | None = None) -> list[str]:
    """The addresses readers pass through from `start` (included) by redirects, up to `until` or the end."""
    addresses, seen = [start], {start}
    others = Redirect.objects.exclude(pk=exclude_pk).exclude(status=RedirectStatus.GONE)
    for _ in range(CHAIN_LIMIT):
        if addresses[-1] == until or not is_local(addresses[-1]):
            break
        following = others.filter(old_path=addresses[-1]).values_list("new_path", flat=True).first()
        if following is None or following in seen:
            break
        addresses.append(following)
        seen.add(following)
    return addresses


def _collapse(redirect: Redirect) -> None:
    """Nobody passes through this redirect on the way elsewhere, and it passes nobody on: A→B→C becomes A→C."""
    if redirect.status != RedirectStatus.MOVED:
        return
    end = _chain(redirect.new_path, exclude_pk=redirect.pk)[-1]
    ends_permanently = not Redirect.objects.filter(old_path=end, status=RedirectStatus.TEMPORARY).exists()
    if end != redirect.new_path and ends_permanently:
        redirect.new_path = end
        redirect.save(update_fields=["new_path"])
    Redirect.objects.filter(new_path=redirect.old_path, status=RedirectStatus.MOVED).exclude(pk=redirect.pk).update(
        new_path=redirect.new_path
    )


@transaction.atomic
def redirect_save(*, redirect: Redirect, by, origin: str = Origin.EDITOR) -> Redirect:
    """Add or change a redirect; `by` None is a command run by the operator."""
    if by is not None and not can_manage_redirects(by, "change" if redirect.pk else "add"):
        raise PermissionDenied(EDITORS_ONLY)
    redirect_check(redirect)
    if redirect.pk is None:
        redirect.origin = origin
        redirect.created_by = by
    redirect.save()
    _collapse(redirect)
    return redirect


@transaction.atomic
def redirect_delete(*, redirect: Redirect, by) -> None:
    if by is not None and not can_manage_redirects(by, "delete"):
        raise PermissionDenied(EDITORS_ONLY)
    redirect.delete()


# What content leaves behind: called by the apps whose rows have addresses (articles.addresses).


def address_moved(old_path: str, new_path: str) -> None:
    """What readers found at `old_path` is at `new_path` now: 301 for ever, and what led to the old address leads
    to the new one."""
    if old_path == new_path:
        return
    old_path, new_path = old_address(old_path), new_address(new_path)
    Redirect.objects.filter(old_path=new_path).delete()  # content is there again: it must not be sent away
    _moved_permanently(old_path, new_path, Origin.MOVED)


def address_imported(old_path: str, new_path: str) -> None:
    """An old site's address of content imported here: 301 to it, unless an editor has sent that address elsewhere
    in the manager. Importing again changes nothing."""
    old_path, new_path = old_address(old_path), new_address(new_path)
    existing = Redirect.objects.filter(old_path=old_path).first()
    if existing is not None and (existing.origin == Origin.EDITOR or existing.new_path == new_path):
        return
    _moved_permanently(old_path, new_path, Origin.IMPORT)


def _moved_permanently(old_path: str, new_path: str, origin: str) -> None:
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path,
        defaults={"new_path": new_path, "status": RedirectStatus.MOVED, "reason": "", "origin": origin},
    )
    _collapse(redirect)


def addresses_live(paths) -> None:
    """Content is live at `paths` (again): no redirect or 410 left there may send its readers away."""
    Redirect.objects.filter(old_path__in=[old_address(path) for path in paths]).delete()


def address_gone(*, path: str, reason: str, by=None) -> Redirect:
    """Readers of `path` are told it is gone for good, and why (410 Gone)."""
    existing = Redirect.objects.filter(old_path=old_address(path)).first()
    redirect = existing or Redirect(old_path=path)
    redirect.status, redirect.new_path, redirect.reason = RedirectStatus.GONE, "", reason
    return redirect_save(redirect=redirect, by=by)


_counting_hits = ContextVar("counting_hits", default=True)


@contextmanager
def hits_not_counted():
    """Requests made inside (manage.py check_urls) are not readers: the manager's hits stay the readers'."""
    token = _counting_hits.set(False)
    try:
        yield
    finally:
        _counting_hits.reset(token)


def redirect_hit(redirect: Redirect) -> None:
    """Count a reader sent on; a database too busy to count (SQLite's lock) never stops the reader."""
    if not _counting_hits.get():
        return
    try:
        with transaction.atomic():
            Redirect.objects.filter(pk=redirect.pk).update(hits=F("hits") + 1, last_hit_at=timezone.now())
    except OperationalError:
        pass


# The manager's CSV files: old_path,new_path,status (and the reason of a 410).


def redirects_export(stream) -> int:
    """Write every redirect to `stream` as CSV; returns how many."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for old_path, new_path, status, reason in Redirect.objects.values_list(*CSV_COLUMNS).iterator():
        # A reason opening with = or + would be a formula to a spreadsheet opening the file.
        writer.writerow(
            [old_path, new_path, status, f"'{reason}" if reason.startswith(SPREADSHEET_FORMULA) else reason]
        )
        count += 1
    return count


@transaction.atomic
def redirects_import(*, text: str, by) -> dict[str, int]:
    """Add or update the redirects a CSV file lists (by old address), all or none: a file with a bad line changes
    nothing, and the error names every bad line. Returns {"created": n, "updated": n, "unchanged": n}."""
    if by is not None and not (can_manage_redirects(by, "add") and can_manage_redirects(by, "change")):
        raise PermissionDenied(EDITORS_ONLY)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = []
    for number, row in _csv_rows(text):
        try:
            outcome = _import_row(row, by)
        except ValidationError as error:
            errors.append(f"line {number}: {' '.join(_messages(error))}")
            continue
        counts[outcome] += 1
    if errors:
        raise ValidationError(["Nothing was imported. Correct these lines and import the file again:", *errors])
    return counts


def _csv_rows(text: str):
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() == "old_path":
            continue
        yield number, cells


def _import_row(cells: list[str], by) -> str:
    if len(cells) < 2 or len(cells) > len(CSV_COLUMNS):
        raise ValidationError(f"expected {','.join(CSV_COLUMNS[:3])} (and a reason for 410), found {len(cells)} cells.")
    old, new, status, reason = (cells + ["", ""])[:4]
    try:
        status = int(status or RedirectStatus.MOVED)
    except ValueError:
        status = None
    if status not in RedirectStatus.values:
        raise ValidationError(f"status “{cells[2]}” is not one of {', '.join(map(str, RedirectStatus.values))}.")
    reason = reason[1:] if reason.startswith("'") and reason[1:].startswith(SPREADSHEET_FORMULA) else reason
    existing = Redirect.objects.filter(old_path=old_address(old)).first()
    redirect = existing or Redirect(old_path=old)
    wanted = {"new_path": new, "status": status, "reason": reason}
    before = {name: getattr(redirect, name) for name in wanted}
    for name, value in wanted.items():
        setattr(redirect, name, value)
    _written_as_kept(redirect)  # to compare with the row kept; redirect_save() checks the rest, once
    if existing is not None and before == {name: getattr(redirect, name) for name in wanted}:
        return "unchanged"
    redirect_save(redirect=redirect, by=by, origin=Origin.IMPORT)
    return "created" if existing is None else "updated"


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return error.messages
