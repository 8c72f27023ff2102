from django.conf import settings
from django.db import models
from django.urls import reverse

from common.fields import import_ref_field, slug_field, unique_import_ref
from common.slugs import slug_for


class Author(models.Model):
    """A byline. Contributors need no user account; staff are linked to theirs."""

    name = models.CharField(max_length=200)
    slug = slug_field(
        max_length=200,
        help_text="The author's page is at /authors/<slug>/. Left empty, it is made from the name, in any script.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account of this author, if any: reporters may edit articles that carry their byline.",
    )
    role = models.CharField("role or title", max_length=200, blank=True, help_text='e.g. "Asia correspondent".')
    bio = models.TextField(blank=True)
    photo = models.ForeignKey("media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(
        default=True, help_text="Inactive authors keep their articles but are not offered for new bylines."
    )
    import_ref = import_ref_field()

    class Meta:
        ordering = ["name"]
        constraints = [unique_import_ref("author_unique_import_ref")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slug_for(self, self.name, fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})


class AuthorLink(models.Model):
    """A public link shown on the author's page (website, social profile, e-mail)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=100, help_text='e.g. "Mastodon" or "Website".')
    url = models.URLField("URL", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label
