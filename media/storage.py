"""The storage for uploads in an S3-compatible bucket (newsroom/settings.py; README.md, "Production")."""

import mimetypes

from storages.backends.s3 import S3Storage


class PublicImageStorage(S3Storage):
    """S3Storage, with each object served as the type its name says.

    S3Storage would store the type the browser sent with the upload, which an editor chooses: a picture
    stored as text/html would be served as a page. The names' suffixes come from the pictures' content
    (media.models.image_upload_to).
    """

    def get_object_parameters(self, name):
        content_type = mimetypes.guess_type(name)[0] or self.default_content_type
        return {**super().get_object_parameters(name), "ContentType": content_type}
