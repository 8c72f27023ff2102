"""WordPress exports for tests: the fixtures' pictures, and large synthetic files for memory tests."""

from pathlib import Path

from PIL import Image

FIXTURE = Path(__file__).parent / "fixtures" / "wordpress-6.xml"
# A site moving off WordPress: block-editor and classic posts, galleries, embeds, a WordPress.com picture.
MOVE_FIXTURE = Path(__file__).parent / "fixtures" / "wordpress-move.xml"

# The uploads the fixture's attachments name (_wp_attached_file), with their sizes.
FIXTURE_IMAGES = {
    "2025/10/taipei-harbour.jpg": (1600, 1067),
    "2025/10/singapore-skyline.jpg": (1200, 800),
}
# The moving site's uploads: 2008/06/old-town.jpg is where its WordPress.com address puts it; the file of
# attachment 205 (2024/05/storm-damage.jpg) is missing, as files of real sites sometimes are.
MOVE_IMAGES = {
    "2024/05/harbour-dawn.jpg": (1200, 800),
    "2024/05/fishing-boats.jpg": (1200, 800),
    "2024/05/market-stalls.jpg": (900, 600),
    "2008/06/old-town.jpg": (1024, 683),
    "2024/06/lighthouse-scaled.jpg": (1280, 853),
    "2024/06/ferry-deck.jpg": (1200, 800),
    "2024/06/ferry-bow.jpg": (1200, 800),
    "2024/06/new-quay.jpg": (1200, 800),
}


def make_uploads(media_dir: Path, images: dict[str, tuple[int, int]] = FIXTURE_IMAGES) -> None:
    """A WordPress uploads folder holding a fixture's pictures, as real JPEGs, each of its own colour."""
    for number, (name, size) in enumerate(images.items()):
        path = media_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (196 - 20 * number, 64 + 15 * number, 42 + 25 * number)).save(path, "JPEG", quality=85)


_HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.8.3" created="2025-10-22 10:05" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>

<channel>
	<title>Synthetic News</title>
	<link>https://synthetic.example</link>
	<description>A large export for tests</description>
	<pubDate>Wed, 22 Oct 2025 10:05:12 +0000</pubDate>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://synthetic.example</wp:base_site_url>
	<wp:base_blog_url>https://synthetic.example</wp:base_blog_url>
"""
_AUTHORS = ["asharma", "jkim", "lnguyen"]
_CATEGORIES = ["world", "business", "sport"]
_PARAGRAPH = (
    "Officials said the talks would continue next week, and that both sides had agreed to keep the details "
    "private until then. Markets rose on the news; analysts were more cautious."
)


def _author(login: str, number: int) -> str:
    return (
        f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login><![CDATA[{login}]]></wp:author_login>"
        f"<wp:author_email><![CDATA[{login}@synthetic.example]]></wp:author_email>"
        f"<wp:author_display_name><![CDATA[{login.title()}]]></wp:author_display_name>"
        "<wp:author_first_name><![CDATA[]]></wp:author_first_name>"
        "<wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>\n"
    )


def _category(slug: str, number: int) -> str:
    return (
        f"\t<wp:category>\n\t\t<wp:term_id>{number}</wp:term_id>\n"
        f"\t\t<wp:category_nicename><![CDATA[{slug}]]></wp:category_nicename>\n"
        "\t\t<wp:category_parent><![CDATA[]]></wp:category_parent>\n"
        f"\t\t<wp:cat_name><![CDATA[{slug.title()}]]></wp:cat_name>\n\t</wp:category>\n"
    )


def _item(post_id: int, *, post_type: str, title: str, content: str, meta: dict, extra: str = "") -> str:
    minute = post_id % 60
    postmeta = "".join(
        f"\t\t<wp:postmeta>\n\t\t<wp:meta_key><![CDATA[{key}]]></wp:meta_key>\n"
        f"\t\t<wp:meta_value><![CDATA[{value}]]></wp:meta_value>\n\t\t</wp:postmeta>\n"
        for key, value in meta.items()
    )
    status = "inherit" if post_type == "attachment" else "publish"
    return (
        f"\t<item>\n\t\t<title><![CDATA[{title}]]></title>\n"
        f"\t\t<link>https://synthetic.example/?p={post_id}</link>\n"
        f"\t\t<pubDate>Wed, 22 Oct 2025 09:{minute:02d}:00 +0000</pubDate>\n"
        f"\t\t<dc:creator><![CDATA[{_AUTHORS[post_id % len(_AUTHORS)]}]]></dc:creator>\n"
        f'\t\t<guid isPermaLink="false">https://synthetic.example/?p={post_id}</guid>\n'
        "\t\t<description></description>\n"
        f"\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n"
        "\t\t<excerpt:encoded><![CDATA[A short summary.]]></excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date><![CDATA[2025-10-22 15:{minute:02d}:00]]></wp:post_date>\n"
        f"\t\t<wp:post_date_gmt><![CDATA[2025-10-22 09:{minute:02d}:00]]></wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified><![CDATA[2025-10-22 15:{minute:02d}:00]]></wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt><![CDATA[2025-10-22 09:{minute:02d}:00]]></wp:post_modified_gmt>\n"
        "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
        "\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n"
        f"\t\t<wp:post_name><![CDATA[story-{post_id}]]></wp:post_name>\n"
        f"\t\t<wp:status><![CDATA[{status}]]></wp:status>\n"
        "\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type><![CDATA[{post_type}]]></wp:post_type>\n"
        "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        f"{extra}{postmeta}\t</item>\n"
    )


def write_large_wxr(path: Path, items: int) -> None:
    """A valid export with `items` posts, one attachment after every 50th (its featured image), written as a stream."""
    with path.open("w", encoding="utf-8") as out:
        out.write(_HEADER)
        out.writelines(_author(login, number) for number, login in enumerate(_AUTHORS, start=2))
        out.writelines(_category(slug, number) for number, slug in enumerate(_CATEGORIES, start=2))
        out.write("\t<generator>https://wordpress.org/?v=6.8.3</generator>\n\n")
        next_id = 1000
        for number in range(items):
            post_id, next_id = next_id, next_id + 1
            category = _CATEGORIES[number % len(_CATEGORIES)]
            meta = {"_edit_last": "2"}
            if number % 50 == 0:
                meta["_thumbnail_id"] = str(next_id)
            content = "\n\n".join(
                f"<!-- wp:paragraph -->\n<p>{_PARAGRAPH} ({post_id}.{n})</p>\n<!-- /wp:paragraph -->" for n in range(4)
            )
            out.write(
                _item(
                    post_id,
                    post_type="post",
                    title=f"Story number {post_id}",
                    content=content,
                    meta=meta,
                    extra=f'\t\t<category domain="category" nicename="{category}"><![CDATA[{category.title()}]]>'
                    f'</category>\n\t\t<category domain="post_tag" nicename="tag-{number % 7}"><![CDATA[Tag '
                    f"{number % 7}]]></category>\n",
                )
            )
            if number % 50 == 0:
                attachment_id, next_id = next_id, next_id + 1
                upload = f"2025/10/synthetic-{attachment_id}.jpg"
                out.write(
                    _item(
                        attachment_id,
                        post_type="attachment",
                        title=f"Picture {attachment_id}",
                        content="",
                        meta={
                            "_wp_attached_file": upload,
                            "_wp_attachment_image_alt": f"Picture {attachment_id}",
                            "_wp_attachment_metadata": 'a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:7:"Staff A";}}',
                        },
                        extra=f"\t\t<wp:attachment_url><![CDATA[https://synthetic.example/wp-content/uploads/{upload}]]>"
                        "</wp:attachment_url>\n",
                    )
                )
        out.write("</channel>\n</rss>\n")
