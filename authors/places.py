"""Where authors show library pictures, registered with media.places by AuthorsConfig.ready()."""

from authors.models import Author
from media.places import PublicPlace


def photo_of(image_ids):
    """{image id: [authors whose page shows it]}, in one query."""
    authors = {}
    for author in Author.objects.filter(photo__in=list(image_ids)).only("name", "slug", "photo"):
        authors.setdefault(author.photo_id, []).append(author)
    return authors


def describe(authors):
    return [f"Photo of author {author.name}: {author.get_absolute_url()}" for author in authors]


# Every author has a public page, active or not.
AUTHOR_PAGES = PublicPlace(
    label="author pages",
    holders=Author.objects.all,
    image_fields=("photo",),
    shown_now=photo_of,
    describe=describe,
)
