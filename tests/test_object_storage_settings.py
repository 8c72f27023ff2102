"""Uploads in an S3-compatible bucket: the STORAGES and MEDIA_URL the AWS_* variables make, and the one-line
refusal to start that malformed values get (README.md, "Uploads in object storage"). The bucket in use is in
test_object_storage.py."""

import pytest

from tests.helpers.settings_check import read_settings, run_check

ON_AWS = {"AWS_S3_REGION_NAME": "eu-west-1"}


@pytest.mark.parametrize(
    ("values", "media_url"),
    [
        (ON_AWS, "https://newsroom-uploads.s3.eu-west-1.amazonaws.com/"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.example.com/", "AWS_LOCATION": "uploads"},
            "https://s3.example.com/newsroom-uploads/uploads/",
        ),
        (
            {
                "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
                "AWS_S3_CUSTOM_DOMAIN": "media.example.com",
                "AWS_LOCATION": "/site/uploads/",
                "MEDIA_URL": "/uploads/",
            },
            "https://media.example.com/site/uploads/",
        ),
    ],
    ids=["aws", "another-provider", "cdn"],
)
def test_with_a_bucket_media_url_is_where_readers_fetch_the_uploads_and_django_serves_none(tmp_path, values, media_url):
    expression = "[s.MEDIA_URL, s.SERVE_UPLOADS, s.STORAGES['default']['BACKEND']]"
    settings = read_settings(tmp_path, expression, DEBUG="true", AWS_STORAGE_BUCKET_NAME="newsroom-uploads", **values)

    assert settings == [media_url, False, "media.storage.PublicImageStorage"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"AWS_S3_ENDPOINT_URL": "s3.example.com"}, "AWS_S3_ENDPOINT_URL must be an http(s) address"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.com:port"}, "AWS_S3_ENDPOINT_URL must be an http(s) address"),
        ({**ON_AWS, "AWS_S3_CUSTOM_DOMAIN": "https://cdn.example.com"}, "AWS_S3_CUSTOM_DOMAIN must be written"),
        ({**ON_AWS, "AWS_LOCATION": "uploads/../site"}, "AWS_LOCATION must be written"),
        ({**ON_AWS, "AWS_STORAGE_BUCKET_NAME": "news room"}, "AWS_STORAGE_BUCKET_NAME must be written"),
        ({}, "AWS_S3_REGION_NAME (e.g. eu-west-1) must be too"),
        (
            {
                "AWS_S3_ENDPOINT_URL": "http://minio.internal:9000",
                "DEBUG": "false",
                "SECRET_KEY": "k" * 50,
                "ALLOWED_HOSTS": "news.example.com",
            },
            "AWS_S3_ENDPOINT_URL is plain http, so HTTPS pages could not show pictures",
        ),
    ],
    ids=[
        "endpoint-no-scheme",
        "endpoint-bad-port",
        "domain-with-scheme",
        "location-dotdot",
        "bucket-space",
        "aws-no-region",
        "plain-http-in-production",
    ],
)
def test_malformed_bucket_settings_stop_start_up_with_a_clear_message(tmp_path, values, message):
    result = run_check(tmp_path, **{"DEBUG": "true", "AWS_STORAGE_BUCKET_NAME": "newsroom-uploads", **values})

    assert result.returncode != 0
    assert message in result.stderr
