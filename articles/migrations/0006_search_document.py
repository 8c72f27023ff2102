"""On PostgreSQL, a stored full-text document per article with a GIN index, so search stays fast at any size.

The column is PostgreSQL's own (a generated tsvector the database keeps up to date on every
write, whichever path writes), so the model does not declare it; articles/search.py reads it.
Other databases search with a plain word match and get nothing here.
"""

from django.db import migrations

CREATE = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(standfirst, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
) STORED;
CREATE INDEX article_search_document_idx ON articles_article USING GIN (search_document);
"""
DROP = """
DROP INDEX IF EXISTS article_search_document_idx;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_publication_state")]

    operations = [migrations.RunPython(create, drop)]
