"""Articles made the way the newsroom makes them."""

from articles import services
from articles.models import Article
from tests.factories import SectionFactory


def new_draft(user):
    return services.article_save(
        article=Article(headline="Monsoon arrives early", section=SectionFactory(), body="<p>Rain.</p>"), by=user
    )
