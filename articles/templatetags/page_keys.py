"""Template tags declaring what a block of the page shows, for the page cache (articles.dependencies)."""

from django import template

from articles import dependencies

register = template.Library()


@register.simple_tag
def shows_most_read(articles):
    """{% shows_most_read most_read %}: the page shows the most-read block, which lives a short while."""
    dependencies.shown(dependencies.MOST_READ, *(dependencies.card(article.pk) for article in articles))
    return ""
