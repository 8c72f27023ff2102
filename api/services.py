"""The API's only writer of keys and webhooks: the admin and any script make, change and revoke them here."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import ApiKey, Webhook
from api.webhooks import RefusedAddress, check_address, endpoints_changed

KEY_START = "nr_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check(by, action: str) -> None:
    if not by.has_perm(f"api.{action}_apikey"):
        raise PermissionDenied(f"You do not have permission to {action} API keys.")


@transaction.atomic
def api_key_create(*, key: ApiKey, by, sections=()) -> str:
    """Save the new `key` with a fresh secret; the secret itself, which is shown once and kept nowhere."""
    _check(by, "add")
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    key.prefix, key.hashed, key.created_by = prefix, key_hash(secret), by
    key.full_clean()
    key.save()
    key.sections.set(sections)
    return secret


@transaction.atomic
def api_key_save(*, key: ApiKey, by, sections=None) -> ApiKey:
    """Save changes to an existing key's name, scope, sections, expiry, rate or origins."""
    _check(by, "change")
    key.full_clean()
    key.save()
    if sections is not None:
        key.sections.set(sections)
    return key


def api_key_revoke(*, key: ApiKey, by) -> ApiKey:
    _check(by, "change")
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db(fields=["revoked_at"])
    return key


def api_key_for(presented: str) -> ApiKey | None:
    """The key whose secret this is, revoked or expired as it may be; None for one this site never gave."""
    start, _, rest = presented.partition(KEY_START)
    prefix = rest.partition("_")[0]
    if start or len(prefix) != 8:
        return None
    key = ApiKey.objects.prefetch_related("sections").filter(prefix=prefix).first()
    if key is None or not secrets.compare_digest(key.hashed, key_hash(presented)):
        return None
    return key


@transaction.atomic
def webhook_save(*, hook: Webhook, by) -> Webhook:
    """Save an endpoint (a new one gets its signing secret); its address must be https:// and outside private
    networks, checked against what its name resolves to now."""
    _check_webhooks(by, "add" if hook.pk is None else "change")
    try:
        check_address(hook.url)
    except RefusedAddress as error:
        raise ValidationError({"url": str(error)}) from None
    unknown = set(hook.events) - set(Webhook.Event.values)
    if unknown or not hook.events:
        raise ValidationError({"events": "Choose what the endpoint is told about."})
    if not hook.secret:
        hook.secret, hook.created_by = secrets.token_hex(32), by
    if hook.is_active:
        hook.failing_since, hook.disabled_reason = None, ""
    hook.full_clean()
    hook.save()
    endpoints_changed()
    return hook


def _check_webhooks(by, action: str) -> None:
    if not by.has_perm(f"api.{action}_webhook"):
        raise PermissionDenied(f"You do not have permission to {action} webhooks.")
