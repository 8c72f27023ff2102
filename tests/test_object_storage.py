"""Uploads in an S3-compatible bucket (README.md, "Production", "Uploads in object storage").

The bucket is moto's S3-compatible server, a real HTTP server in a process of its own: the site talks to it
through boto3 as it would to AWS or MinIO, and pictures are fetched from it over HTTP as a browser would. The
site is configured the way an operator does it, by the AWS_* variables read by newsroom/settings.py.
"""

import hashlib
import io
import json
import re
import runpy
import socket
import subprocess
import sys
import urllib.request
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article
from media.models import Image, UsageRights
from media.renditions import SPECS
from media.services import image_save
from tests.factories import ArticleFactory, image_bytes
from tests.helpers.served_site import BASE_ENV, IN_ENV_FILE, ROOT, free_port, make_serve, write_env_file
from tests.helpers.waiting import wait_until
from tests.transfer.conftest import FIXTURES, make_jpeg, run

pytestmark = pytest.mark.django_db

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
REGION = "us-east-1"
LOCATION = "uploads"
ADD_URL = reverse("admin:media_image_add")


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server on a free port, for this module's tests; its address."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as output:
        command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)

    def listening():
        if process.poll() is not None:
            pytest.fail(f"moto's server stopped with status {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        what = f"moto's server listening on port {port}"
        wait_until(listening, what=what, seconds=30, every=0.1, explain=lambda: log.read_text()[-3000:])
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def s3(s3_endpoint):
    """A boto3 client of the server, to look into the bucket as its owner would."""
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **credentials)


@pytest.fixture
def bucket(s3):
    """A new bucket whose objects anyone may read, as README.md asks of the operator's; its name."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
        ],
    }
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read))
    return name


@pytest.fixture
def uploads_in_bucket(s3_endpoint, bucket, settings, monkeypatch, tmp_path, media_root):
    """The site with uploads in `bucket`: the STORAGES and MEDIA_URL that newsroom/settings.py makes of the AWS_*
    variables in an operator's environment. MEDIA_ROOT is an empty folder, to see that nothing lands there."""
    environment = {
        **CREDENTIALS,
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_LOCATION": LOCATION,
        "DEBUG": "true",
        "VAR_DIR": str(tmp_path / "var"),
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_S3_CUSTOM_DOMAIN", raising=False)
    made = runpy.run_path(str(ROOT / "newsroom" / "settings.py"))
    settings.STORAGES = {**settings.STORAGES, "default": made["STORAGES"]["default"]}
    media_url = made["MEDIA_URL"]
    assert media_url == f"{s3_endpoint}/{bucket}/{LOCATION}/"
    settings.MEDIA_URL = media_url
    assert Image.file.field.storage.bucket_name == bucket  # the models' storage follows the setting
    return media_url


def stored(s3, bucket):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def keys(image):
    """The keys of an image's original and renditions in the bucket."""
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    return sorted(f"{LOCATION}/{name}" for name in names)


def on_disk(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


def save_image(width=2000, height=1200):
    picture = SimpleUploadedFile("harbour.jpg", image_bytes(width, height), content_type="image/jpeg")
    image = Image(file=picture, title="Harbour", alt_text="Boats in a harbour", usage_rights=UsageRights.STAFF)
    return image_save(image=image)


def upload_form(file):
    return {
        "file": file,
        "title": "Harbour at dawn",
        "alt_text": "Fishing boats moored in a harbour at dawn",
        "usage_rights": UsageRights.STAFF,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
    }


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


# --- the editor's uploads and the readers' pictures ---------------------------------------------


@pytest.mark.server
def test_an_image_uploaded_in_the_admin_lands_in_the_bucket_with_its_renditions(
    uploads_in_bucket, admin_client, s3, bucket, media_root
):
    picture = SimpleUploadedFile("harbour.jpg", image_bytes(2000, 1200), content_type="image/jpeg")

    response = admin_client.post(ADD_URL, upload_form(picture))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions.count() == len(SPECS)
    assert stored(s3, bucket) == keys(image)
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert on_disk(media_root) == []


@pytest.mark.server
def test_the_bucket_serves_an_upload_as_the_picture_it_is_whatever_type_the_browser_claimed(
    uploads_in_bucket, admin_client, s3, bucket
):
    picture = SimpleUploadedFile("photo.jpg", image_bytes(640, 360, fmt="PNG"), content_type="text/html")

    assert admin_client.post(ADD_URL, upload_form(picture)).status_code == 302

    image = Image.objects.get()
    assert image.file.name.endswith(".png")
    original = s3.head_object(Bucket=bucket, Key=f"{LOCATION}/{image.file.name}")
    assert original["ContentType"] == "image/png"
    webp = image.renditions.get(spec="w800-webp")
    assert s3.head_object(Bucket=bucket, Key=f"{LOCATION}/{webp.file.name}")["ContentType"] == "image/webp"


@pytest.mark.server
def test_the_article_page_shows_pictures_from_the_bucket_which_serves_them(uploads_in_bucket, client):
    article = ArticleFactory(lead_image=save_image(2000, 1200))

    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    addresses = [
        address.split()[0]
        for tag in re.findall(r"<(?:img|source)\b[^>]*>", page.text)
        for attribute in re.findall(r'\b(?:src|srcset)="([^"]+)"', tag)
        for address in attribute.split(", ")
    ]
    assert len(addresses) >= 5  # the <img>'s src, and two sizes in each srcset
    assert all(address.startswith(uploads_in_bucket) for address in addresses), addresses
    assert not re.search(r"""["'\s,]/uploads/""", page.text)

    rendition = article.lead_image.renditions.get(spec="w800-jpeg")
    assert rendition.url in addresses
    status, headers, body = fetch(rendition.url)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with PILImage.open(io.BytesIO(body)) as picture:
        picture.load()
        assert (picture.format, picture.size) == ("JPEG", (800, 480))
    assert (rendition.width, rendition.height) == (800, 480)


@pytest.mark.server
@pytest.mark.parametrize("refused", ["text-named-jpg", "too-large"])
def test_a_refused_upload_leaves_nothing_in_the_bucket(uploads_in_bucket, admin_client, s3, bucket, settings, refused):
    if refused == "text-named-jpg":
        picture = SimpleUploadedFile("photo.jpg", b"Not a picture at all.\n" * 50, content_type="image/jpeg")
        message = "Upload a valid image."
    else:
        settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
        picture = SimpleUploadedFile("big.png", image_bytes(800, 800, fmt="PNG", compress_level=0))
        message = "This file is larger than 1 MB."

    response = admin_client.post(ADD_URL, upload_form(picture))

    assert response.status_code == 200
    assert message in response.text
    assert Image.objects.count() == 0
    assert stored(s3, bucket) == []


@pytest.mark.server
def test_deleting_an_image_removes_its_files_from_the_bucket_once_the_deletion_commits(
    uploads_in_bucket, admin_client, s3, bucket, django_capture_on_commit_callbacks
):
    image = save_image()
    assert len(stored(s3, bucket)) == 1 + len(SPECS)

    with django_capture_on_commit_callbacks() as deletions:
        response = admin_client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert len(stored(s3, bucket)) == 1 + len(SPECS)  # a rollback would still find every file

    for deletion in deletions:
        deletion()
    assert stored(s3, bucket) == []


# --- commands -----------------------------------------------------------------------------------


@pytest.fixture
def one_wire_article(tmp_path):
    """A JSON Lines file of one article with a lead picture, as a wire service sends them; its path."""
    folder = tmp_path / "incoming"
    line = (FIXTURES / "wire.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (folder / "images").mkdir(parents=True)
    (folder / "wire.jsonl").write_text(line + "\n", encoding="utf-8")
    make_jpeg(folder / json.loads(line)["lead_image"]["file"], (1600, 1000), (30, 110, 150))
    return folder / "wire.jsonl"


@pytest.mark.server
def test_an_imported_picture_lands_in_the_bucket_and_is_exported_from_it_unchanged(
    uploads_in_bucket, one_wire_article, s3, bucket, tmp_path, media_root
):
    source = (one_wire_article.parent / "images" / "hanoi-port.jpg").read_bytes()

    imported = run("import_articles", one_wire_article)

    assert imported.ok, imported.output
    image = Article.objects.get().lead_image
    assert stored(s3, bucket) == keys(image)
    assert on_disk(media_root) == []

    exported = run("export_articles", "--output", tmp_path / "export")

    assert exported.ok, exported.output
    copy = tmp_path / "export" / "images" / f"{hashlib.sha256(source).hexdigest()}.jpg"
    assert copy.read_bytes() == source


@pytest.mark.server
def test_an_import_item_that_fails_after_its_picture_was_stored_leaves_nothing_in_the_bucket(
    uploads_in_bucket, one_wire_article, s3, bucket
):
    line = json.loads(one_wire_article.read_text(encoding="utf-8"))
    line["seo_title"] = "x" * 200  # refused by the model after the picture and its renditions were stored
    one_wire_article.write_text(json.dumps(line) + "\n", encoding="utf-8")

    result = run("import_articles", one_wire_article)

    assert not result.ok
    assert Image.objects.count() == 0
    assert stored(s3, bucket) == []


@pytest.mark.server
def test_rebuild_renditions_remakes_them_in_the_bucket_and_removes_the_old_ones(
    uploads_in_bucket, s3, bucket, django_capture_on_commit_callbacks
):
    image = save_image()
    before = stored(s3, bucket)

    with django_capture_on_commit_callbacks(execute=True):
        result = run("rebuild_renditions")

    assert result.ok, result.output
    after = stored(s3, bucket)
    assert after == keys(image)
    assert len(after) == 1 + len(SPECS)
    assert set(before) & set(after) == {f"{LOCATION}/{image.file.name}"}  # only the original is the same


@pytest.mark.server
def test_rebuild_renditions_reports_an_original_missing_from_the_bucket_and_keeps_its_renditions(
    uploads_in_bucket, s3, bucket
):
    image = save_image()
    s3.delete_object(Bucket=bucket, Key=f"{LOCATION}/{image.file.name}")
    renditions = set(image.renditions.values_list("pk", flat=True))

    result = run("rebuild_renditions")

    assert not result.ok
    assert f"its original file {image.file.name} is missing" in result.stderr
    assert set(image.renditions.values_list("pk", flat=True)) == renditions


# --- start-up with a bucket ---------------------------------------------------------------------


def bucket_env_file(folder, endpoint, bucket):
    """The documented production environment with uploads in `bucket`, its pictures on a CDN."""
    return write_env_file(
        folder,
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_CUSTOM_DOMAIN="media.example.net",
        **CREDENTIALS,
    )


@pytest.mark.server
def test_the_start_up_checks_pass_when_the_bucket_answers(tmp_path, s3_endpoint, bucket):
    command = ["sh", "-c", IN_ENV_FILE, str(bucket_env_file(tmp_path, s3_endpoint, bucket))]
    result = subprocess.run(
        [*command, sys.executable, "deploy/preflight.py"],
        cwd=ROOT,
        env=BASE_ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.server
@pytest.mark.parametrize(("where", "reason"), [("missing", "no such bucket"), ("unreachable", "Could not connect")])
def test_make_serve_refuses_to_start_in_one_line_naming_the_bucket_that_does_not_answer(
    tmp_path, s3_endpoint, where, reason
):
    endpoint = s3_endpoint if where == "missing" else f"http://127.0.0.1:{free_port()}"
    env_file = bucket_env_file(tmp_path, endpoint, "newsroom-nowhere")

    result = subprocess.run(make_serve(env_file), cwd=ROOT, env=BASE_ENV, capture_output=True, text=True, timeout=90)

    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith("Not starting: cannot use the bucket for uploads in AWS_STORAGE_BUCKET_NAME")
    assert f"newsroom-nowhere at {endpoint}" in first_line
    assert reason in first_line
