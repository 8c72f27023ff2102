"""The pictures of WordPress posts: attachments of the export, made library images.

An attachment becomes one library image (import_ref wordpress:{base}:attachment:{id}) however many posts show
it, as featured image or in the body, with the title, caption, alt text and credit WordPress kept for it. Its
file is looked for in the uploads folder (--media-dir) under its _wp_attached_file, else where its address puts
it (WordPress.com exports give only the address). A body picture whose file is not there is left out by the
loader, unless an earlier run imported it.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from transfer.readers.figures import Placed
from transfer.readers.jsonl import inside
from transfer.readers.wxr import post_date
from transfer.readers.wxr_index import Attachment, Index, upload_path
from transfer.records import ImageRecord, ImportProblem, ItemWarning

# The block and classic editors name the attachment an <img> shows in its class, a [caption] in its id.
_WP_IMAGE = re.compile(r"(?<![\w-])wp-image-(\d+)(?![\w-])")
_CAPTION_ID = re.compile(r"attachment_(\d+)")


@dataclass
class Attachments:
    index: Index
    base: str
    media_dir: Path | None

    def image(self, attachment: Attachment, role: str) -> ImageRecord:
        """The library image of `attachment`; without --media-dir its path is None (only an earlier run's image
        can be used). Raises ImportProblem for a file outside the uploads folder."""
        # Both where WordPress says the file is and where its address puts it: multisite uploads differ.
        names = [name for name in dict.fromkeys((attachment.file, upload_path(attachment.url))) if name]
        path = None
        if self.media_dir is not None and names:
            try:
                paths = [inside(self.media_dir, name, "_wp_attached_file") for name in names]
            except ImportProblem as problem:
                raise ImportProblem(f"{role} (attachment {attachment.id}): {problem}") from None
            path = next((candidate for candidate in paths if candidate.is_file()), paths[0])
        return ImageRecord(
            import_ref=f"wordpress:{self.base}:attachment:{attachment.id}",
            path=path,
            title=attachment.title or Path(names[0] if names else "").stem or f"Attachment {attachment.id}",
            alt_text=attachment.alt,
            caption=attachment.caption,
            credit=attachment.credit,
            source_url=attachment.url,
            created_at=attachment_date(attachment),
        )

    def featured(self, thumbnail_id: str, warnings: list[str]) -> ImageRecord | None:
        if not thumbnail_id:
            return None
        attachment = self.index.attachment(thumbnail_id)
        if attachment is None:
            warnings.append(
                ItemWarning(
                    "featured image not in the file", f"featured image (attachment {thumbnail_id}) is not in the file"
                )
            )
            return None
        if self.media_dir is None:
            warnings.append(
                ItemWarning(
                    "featured image not imported: no --media-dir",
                    "featured image not imported: give --media-dir (the WordPress uploads folder)",
                )
            )
            return None
        image = self.image(attachment, "featured image")
        if image.path is None:
            warnings.append(
                ItemWarning(
                    "featured image names no file",
                    f"featured image (attachment {thumbnail_id}) names no file (_wp_attached_file)",
                )
            )
            return None
        return image


def attachment_date(attachment: Attachment) -> datetime | None:
    try:
        return post_date(attachment.date_gmt, attachment.date_local)
    except ImportProblem:
        return None  # a bad date on the picture is not worth refusing the article for


@dataclass
class BodyPictures:
    """The pictures one post's body shows, numbered in order of first appearance: the record's body_images."""

    attachments: Attachments
    warnings: list[str]
    images: list[ImageRecord] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # attachment id → its <img data-file>

    def place(self, img: dict[str, str], figure_id: str) -> Placed | None:
        attachment = self._attachment(img, figure_id)
        if attachment is None:
            named = _WP_IMAGE.search(img.get("class", ""))
            what = img.get("src") or (f"(attachment {named[1]})" if named else "without an address")
            self.warnings.append(
                ItemWarning(
                    "picture from outside the export left out",
                    f"picture {what} left out: it is not an attachment of the export, and bodies show only "
                    "library pictures",
                )
            )
            return None
        if attachment.id not in self.numbers:
            self.images.append(self.attachments.image(attachment, "picture"))
            self.numbers[attachment.id] = len(self.images)
        return Placed(self.numbers[attachment.id], escape(attachment.caption, quote=False))

    def _attachment(self, img: dict[str, str], figure_id: str) -> Attachment | None:
        index = self.attachments.index
        for named in (_WP_IMAGE.search(img.get("class", "")), _CAPTION_ID.fullmatch(figure_id)):
            if named and (attachment := index.attachment(named[1])):
                return attachment
        return index.attachment_at(img["src"]) if img.get("src") else None
