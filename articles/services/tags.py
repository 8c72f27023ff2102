"""Tags: editors create, rename and merge them; reporters attach the tags there are."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from taggit.models import Tag, TaggedItem

from articles.addresses import rows_merged
from articles.services.permissions import can_publish
from common.slugs import slug_for, validate_slug

TAGS_REFUSED = "Creating, renaming, merging and deleting tags is for editors; choose from the existing tags."
TAG_FALLBACK_SLUG = "tag"


def can_manage_tags(user, action: str = "change") -> bool:
    """Adding, changing or deleting (`action`) tags is for editors; reporters attach the tags there are."""
    return can_publish(user) and user.has_perm(f"taggit.{action}_tag")


def check_tag_name(name: str, *, exclude_pk=None) -> None:
    """Tag names are one tag whatever their case ("Japan", "japan"), as taggit matches them."""
    if Tag.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise ValidationError("There is already a tag with this name.", code="unique")


@transaction.atomic
def tag_save(*, tag: Tag, by=None) -> Tag:
    """Create or rename a tag; a blank slug is made from the name. `by` None is a command run by the operator."""
    if by is not None and not can_manage_tags(by, "change" if tag.pk else "add"):
        raise PermissionDenied(TAGS_REFUSED)
    check_tag_name(tag.name, exclude_pk=tag.pk)
    if not tag.slug:
        # "tag", "tag-2", ... when the name has no letter or digit ("!!!", "🙂").
        tag.slug = slug_for(tag, tag.name, fallback=TAG_FALLBACK_SLUG)
    try:
        validate_slug(tag.slug)  # taggit's field takes letters of any script whatever ALLOW_UNICODE_SLUGS says
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from None
    tag.full_clean()
    tag.save()
    return tag


def tag_for_name(name: str, *, by=None) -> Tag:
    """The tag called `name` (in any case, as taggit matches them), created when there is none."""
    return Tag.objects.filter(name__iexact=name).first() or tag_save(tag=Tag(name=name), by=by)


@transaction.atomic
def tags_merge(*, tags, into: str, by) -> Tag:
    """Move every use of `tags` to the tag called `into` (created when new); an item carrying both keeps one."""
    if not (can_manage_tags(by, "change") and can_manage_tags(by, "delete")):
        raise PermissionDenied(TAGS_REFUSED)
    target = tag_for_name(into, by=by)
    rows_merged(Tag, tags, target)  # before the items move: a tag's address was public if live articles had it
    items = TaggedItem.objects.filter(tag__in=tags).exclude(tag=target)
    for item in items.select_for_update():
        already = TaggedItem.objects.filter(tag=target, content_type_id=item.content_type_id, object_id=item.object_id)
        if already.exists():
            item.delete()
        else:
            item.tag = target
            item.save()
    return target
