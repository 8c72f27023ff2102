"""Article bodies keep the editor's formatting and lose anything that could run."""

import pytest

from articles.html import sanitize_html
from articles.models import Article
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Hi</p><script>alert(1)</script>",
        "<p>Hi</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<p onclick="alert(1)">Hi</p>',
        '<p>Hi<img src=x onerror="alert(1)"></p>',
        '<p>Hi<svg onload="alert(1)"></svg></p>',
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        '<p><a href="JaVaScRiPt:alert(1)">Hi</a></p>',
        '<p><a href="&#106;avascript:alert(1)">Hi</a></p>',
        '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Hi</a></p>',
        '<p style="background:url(javascript:alert(1))">Hi</p>',
        '<iframe src="https://evil.example"></iframe><p>Hi</p>',
        "<p>Hi</p><style>body{display:none}</style>",
        '<form action="https://evil.example"><input name="password"></form><p>Hi</p>',
    ],
)
def test_scripts_event_handlers_and_javascript_urls_are_removed(dirty):
    clean = sanitize_html(dirty).lower()
    for forbidden in ["<script", "onerror", "onload", "onclick", "javascript:", "data:", "<iframe", "<style", "style=",
                      "<form", "<input", "<svg", "alert(1)"]:  # fmt: skip
        assert forbidden not in clean
    assert "hi" in clean


def test_editor_formatting_survives():
    html = (
        "<h2>Background</h2>"
        '<p><strong>Bold</strong>, <em>italic</em> and <a href="https://example.com/x">a link</a>.</p>'
        "<blockquote><p>“A quote.”</p></blockquote><ul><li>One</li></ul><ol><li>Two</li></ol>"
    )
    clean = sanitize_html(html)
    for kept in ["<h2>", "<strong>", "<em>", "<blockquote>", "<ul>", "<ol>", 'href="https://example.com/x"']:
        assert kept in clean
    assert 'rel="noopener noreferrer"' in clean


def test_an_empty_editor_document_is_an_empty_body():
    assert sanitize_html("<p></p>") == ""


@pytest.mark.django_db
def test_every_write_path_stores_sanitized_html():
    """Saving the model directly (as an import or the shell would) still sanitizes."""
    article = ArticleFactory(body='<p onclick="x()">Text</p><script>alert(1)</script>')
    stored = Article.objects.get(pk=article.pk).body
    assert stored == "<p>Text</p>"


@pytest.mark.django_db
def test_a_script_in_the_body_never_reaches_the_reader(client):
    article = ArticleFactory(body="<p>Safe</p><script>alert('xss')</script><img src=x onerror=alert(1)>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "alert('xss')" not in page and "onerror" not in page
    assert "<p>Safe</p>" in page
