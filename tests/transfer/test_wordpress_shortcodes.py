"""What WordPress does to a post's content before showing it (shortcodes, oEmbeds, paragraphs), done at import.

Pictures are left as <img>s in figures, for transfer/readers/figures.py (tests/transfer/test_wordpress_figures.py).
"""

from transfer.readers.shortcodes import autop, convert_shortcodes, render_content
from transfer.readers.wxr_index import php_credit


def test_caption_shortcode_becomes_a_figure_naming_its_attachment():
    html, warnings = convert_shortcodes(
        '[caption id="attachment_12" align="alignnone" width="800"]<a href="https://x.example/p.jpg">'
        '<img src="p.jpg" alt="A port" /></a> Ships in <em>Busan</em>[/caption]'
    )
    assert html == (
        '<figure id="attachment_12"><a href="https://x.example/p.jpg"><img src="p.jpg" alt="A port" /></a>'
        "<figcaption>Ships in <em>Busan</em></figcaption></figure>"
    )
    assert warnings == []


def test_caption_given_as_an_attribute_is_escaped():
    html, _ = convert_shortcodes(
        '[wp_caption caption="Fish &amp; chips <b>" width="300"]<img src="f.jpg">[/wp_caption]'
    )
    assert html == '<figure><img src="f.jpg"><figcaption>Fish &amp; chips &lt;b&gt;</figcaption></figure>'


def test_embeds_become_links():
    html, warnings = convert_shortcodes(
        'Watch:\n[embed width="500"]https://video.example/?v=1&amp;t="2"[/embed]\nhttps://youtu.be/abc\n'
        "See https://example.org/inline in a sentence."
    )
    assert html == (
        "Watch:\n"
        '<p><a href="https://video.example/?v=1&amp;t=&quot;2&quot;">https://video.example/?v=1&amp;t=&quot;2&quot;'
        "</a></p>\n"
        '<p><a href="https://youtu.be/abc">https://youtu.be/abc</a></p>\n'
        "See https://example.org/inline in a sentence."
    )
    assert warnings == []


def test_a_gallery_becomes_a_figure_per_picture_naming_each_attachment():
    assert convert_shortcodes('[gallery ids="7, 3,9" exclude="9" columns="2"]') == (
        '<figure><img class="wp-image-7" alt=""></figure><figure><img class="wp-image-3" alt=""></figure>',
        [],
    )


def test_a_gallery_naming_no_pictures_shows_those_uploaded_to_the_post():
    assert convert_shortcodes('[gallery link="file"]', attached=[4, 5])[0] == (
        '<figure><img class="wp-image-4" alt=""></figure><figure><img class="wp-image-5" alt=""></figure>'
    )


def test_audio_and_video_become_links_to_their_files():
    html, warnings = convert_shortcodes(
        'A[audio mp3="https://x.example/a.mp3"][/audio]B[video width="640" mp4="https://x.example/v.mp4"]'
        '<track src="x">[/video]C[video src="//cdn.example/v.webm"]'
    )
    assert html == (
        'A<p><a href="https://x.example/a.mp3">https://x.example/a.mp3</a></p>'
        'B<p><a href="https://x.example/v.mp4">https://x.example/v.mp4</a></p>'
        'C<p><a href="https://cdn.example/v.webm">https://cdn.example/v.webm</a></p>'
    )
    assert warnings == []


def test_media_shortcodes_with_nothing_to_keep_are_removed_and_named():
    html, warnings = convert_shortcodes('A[gallery]B[audio][/audio]C[playlist ids="3"]D')
    assert html == "ABCD"
    assert warnings == ["[gallery], [audio], [playlist] removed (no picture or media file the import could keep)"]


def test_other_shortcodes_keep_their_content_or_go():
    html, warnings = convert_shortcodes(
        '[row][column width="1/2"]Left [highlight color="yellow"]key point[/highlight][/column][/row]'
        '[contact-form-7 id="5" title="Tips"][divider /]'
    )
    assert html == "Left key point"
    assert warnings == ["shortcodes removed (they need a WordPress plugin): [contact-form-7], [divider]"]


def test_brackets_in_text_are_kept():
    text = "He called it historic [sic], citing a report [1] that [the minister] had seen [2025]."
    assert convert_shortcodes(text) == (text, [])
    assert convert_shortcodes('Write [[gallery ids="1"]] to show a gallery.') == (
        'Write [gallery ids="1"] to show a gallery.',
        [],
    )


def test_autop_makes_paragraphs_and_line_breaks_and_leaves_blocks_alone():
    assert autop("First line\nsecond line\n\nNext paragraph\n\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>") == (
        "<p>First line<br />\nsecond line</p>\n<p>Next paragraph</p>\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>"
    )
    assert autop("<blockquote>Quoted\n\nagain</blockquote>") == "<blockquote><p>Quoted</p>\n<p>again</p></blockquote>"
    assert autop("  \n ") == ""


def test_render_content_removes_the_paragraph_around_a_block_shortcode():
    html, _ = render_content('Intro.\n\n[caption width="10"]<img src="a.jpg"> Caption[/caption]\n\n[gallery ids="1"]')
    assert html == (
        '<p>Intro.</p>\n<figure><img src="a.jpg"><figcaption>Caption</figcaption></figure>\n'
        '<figure><img class="wp-image-1" alt=""></figure>'
    )
    gutenberg = "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->"
    assert render_content(gutenberg) == (gutenberg, [])


def test_credit_comes_out_of_php_serialized_metadata_without_unserializing():
    assert php_credit('a:1:{s:10:"image_meta";a:2:{s:6:"credit";s:8:"AP "Lee"";s:3:"iso";s:3:"100";}}') == 'AP "Lee"'
    assert php_credit('a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:7:"Nguyễn";}}') == ""  # Nguyễn is 8 bytes
    assert php_credit('a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:8:"Nguyễn";}}') == "Nguyễn"
    assert php_credit("") == ""
