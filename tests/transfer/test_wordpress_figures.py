"""A WordPress post's pictures and players made what an article body holds (transfer/readers/figures.py):
each picture a figure of its own naming its library image, each player a link, none of them inside a paragraph."""

import re

import pytest

from transfer.readers.figures import Placed, with_figures


def place(img, figure_id):
    """Pictures named wp-image-N (or in a figure attachment_N) are attachment N, captioned "Kept N"; others
    are from elsewhere."""
    named = re.search(r"wp-image-(\d+)", img.get("class", "")) or re.fullmatch(r"attachment_(\d+)", figure_id)
    return Placed(int(named[1]), f"Kept {named[1]}") if named else None


def figure(number, caption, alt=""):
    return f'<figure><img alt="{alt}" data-file="{number}"><figcaption>{caption}</figcaption></figure>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            '<p><a href="https://x.example/big.jpg"><img class="size-full wp-image-1" src="a.jpg" alt="Boats"></a></p>',
            figure(1, "Kept 1", "Boats"),
            id="a classic picture, linked to its file",
        ),
        pytest.param(
            '<p>Before <strong>bold <img class="wp-image-4"> after</strong> end.</p>',
            f"<p>Before <strong>bold</strong></p>{figure(4, 'Kept 4')}<p><strong>after</strong> end.</p>",
            id="a picture in the middle of a paragraph splits it",
        ),
        pytest.param(
            '<figure class="wp-block-image"><img class="wp-image-2" alt="Quay"><figcaption class="wp-element-caption">'
            "The <em>new</em> quay</figcaption></figure>",
            figure(2, "The <em>new</em> quay", "Quay"),
            id="the post's caption over the kept one",
        ),
        pytest.param(
            '<figure id="attachment_9"><img src="https://elsewhere.example/x.jpg"><figcaption><p>One</p> two'
            "</figcaption></figure>",
            figure(9, "One two"),
            id="a [caption]'s figure names the attachment; its caption made one line",
        ),
        pytest.param(
            '<figure class="wp-block-gallery has-nested-images"><figure class="wp-block-image"><img class="wp-image-5">'
            '<figcaption>Five</figcaption></figure><figure class="wp-block-image"><img class="wp-image-6"></figure>'
            '<figcaption class="blocks-gallery-caption">Both</figcaption></figure>',
            f"{figure(5, 'Five')}{figure(6, 'Kept 6')}<p>Both</p>",
            id="a block gallery",
        ),
        pytest.param(
            '<figure class="wp-block-gallery columns-2"><ul class="blocks-gallery-grid">'
            '<li class="blocks-gallery-item"><figure><img data-id="7" class="wp-image-7">'
            '<figcaption class="blocks-gallery-item__caption">Seven'
            '</figcaption></figure></li><li class="blocks-gallery-item"><figure><img class="wp-image-8"></figure>'
            "</li></ul></figure>",
            f"{figure(7, 'Seven')}{figure(8, 'Kept 8')}",
            id="a block gallery of before WordPress 5.9",
        ),
        pytest.param(
            '<p>Seen from the pier: <img src="https://elsewhere.example/pier.jpg" alt="Pier"> at dawn.</p>',
            "<p>Seen from the pier:  at dawn.</p>",
            id="a picture from elsewhere is left out",
        ),
        pytest.param(
            '<figure><img src="https://elsewhere.example/pier.jpg"><figcaption>Pier</figcaption></figure>',
            "",
            id="a figure of a picture from elsewhere goes with its caption",
        ),
        pytest.param(
            '<p>Good news <img class="wp-smiley" src="https://s.w.org/images/core/emoji/1f600.png" alt="😀"></p>',
            "<p>Good news 😀</p>",
            id="WordPress's pictures of emoji are the emoji",
        ),
        pytest.param(
            '<ul><li><img class="wp-image-3"> A list\'s picture</li></ul>',
            f"<ul><li>{figure(3, 'Kept 3')} A list's picture</li></ul>",
            id="a list item may hold a figure",
        ),
    ],
)
def test_pictures_become_figures_of_library_pictures(html, expected):
    assert with_figures(html, place) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            '<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">\n'
            "https://www.youtube.com/watch?v=abc\n</div></figure>",
            '<p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a></p>',
            id="a block-editor embed",
        ),
        pytest.param(
            '<figure class="wp-block-audio"><audio controls src="https://x.example/a.mp3"></audio>'
            "<figcaption>The interview</figcaption></figure>",
            '<p><a href="https://x.example/a.mp3">The interview</a></p>',
            id="a block-editor audio, named by its caption",
        ),
        pytest.param(
            '<figure class="wp-block-video"><video controls><source src="https://x.example/v.webm"></video></figure>',
            '<p><a href="https://x.example/v.webm">https://x.example/v.webm</a></p>',
            id="a video's source",
        ),
        pytest.param(
            '<p>Watch:<iframe src="//www.youtube.com/embed/abc" allowfullscreen></iframe>then read on.</p>',
            '<p>Watch:</p><p><a href="https://www.youtube.com/embed/abc">https://www.youtube.com/embed/abc</a></p>'
            "<p>then read on.</p>",
            id="an iframe in a paragraph",
        ),
    ],
)
def test_players_become_links_to_their_media(html, expected):
    assert with_figures(html, place) == expected


def test_html_without_pictures_or_players_is_left_as_it_was():
    html = "<p>AT&T &amp; co<br />\n<!-- wp:more --></p>"
    assert with_figures(html, place) is html


def test_tables_in_figures_and_the_text_around_pictures_keep_their_markup():
    table = '<figure class="wp-block-table"><table><tr><td>1 &lt; 2</td></tr></table></figure>'
    html = f'{table}<p>x <img class="wp-image-1"></p>'
    assert with_figures(html, place) == f"{table}<p>x</p>{figure(1, 'Kept 1')}"


def test_markup_nested_beyond_any_post_is_read_flat_not_refused():
    html = "<span>" * 5_000 + '<img class="wp-image-1">' + "</span>" * 5_000
    assert figure(1, "Kept 1") in with_figures(html, place)
