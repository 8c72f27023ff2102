"""Credit, caption and copyright come from the file's IPTC, XMP or EXIF on upload; readers' copies carry none of it."""

import io
import struct

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import IptcImagePlugin

from media.metadata import read_metadata
from media.models import Agency, Image, UsageRights
from media.services import image_save
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:media_image_add")


def iptc_dataset(record: int, dataset: int, data: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, dataset, len(data)) + data


def with_iptc(jpeg: bytes, datasets: list[tuple[int, int, bytes]]) -> bytes:
    """`jpeg` with an APP13 segment right after SOI holding a Photoshop 8BIM 0x0404 resource of IPTC `datasets`."""
    iptc = b"".join(iptc_dataset(*dataset) for dataset in datasets)
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


AGENCY_IPTC = [
    (1, 90, b"\x1b%G"),  # the character set is UTF-8
    (2, 80, b"Ana Lima"),
    (2, 110, b"Reuters"),
    (2, 116, "© 2026 Thomson Reuters".encode()),
    (2, 120, "Fishing boats leave the harbour at dawn, São Tomé.".encode()),
]

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="AFP">
   <dc:creator><rdf:Seq><rdf:li>Jean Dupont</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© AFP 2026</rdf:li></rdf:Alt></dc:rights>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">Crowds in the square after the vote.</rdf:li>
   </rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&lol4;</dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def with_xmp(xmp: bytes) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (640, 360), (30, 90, 160)).save(out, "JPEG", xmp=xmp)
    return out.getvalue()


def with_exif(**tags) -> bytes:
    exif = PILImage.Exif()
    for tag, value in tags.items():
        exif[{"artist": 0x013B, "copyright": 0x8298, "description": 0x010E}[tag]] = value
    return image_bytes(exif=exif)


def upload(data: bytes, **fields) -> Image:
    image = Image(file=SimpleUploadedFile("photo.jpg", data, "image/jpeg"), title="Harbour at dawn", alt_text="Boats")
    for name, value in fields.items():
        setattr(image, name, value)
    return image_save(image=image)


def test_the_test_file_really_carries_iptc_that_pillow_reads_back():
    with PILImage.open(io.BytesIO(with_iptc(image_bytes(), AGENCY_IPTC))) as picture:
        info = IptcImagePlugin.getiptcinfo(picture)
    assert info[(2, 110)] == b"Reuters"


def test_an_upload_takes_credit_caption_and_copyright_from_its_iptc():
    image = upload(with_iptc(image_bytes(), AGENCY_IPTC))

    image.refresh_from_db()
    assert image.credit == "Reuters"  # Credit before By-line
    assert image.caption == "Fishing boats leave the harbour at dawn, São Tomé."
    assert image.copyright == "© 2026 Thomson Reuters"


def test_what_the_editor_typed_is_kept_and_only_blanks_are_filled():
    image = upload(with_iptc(image_bytes(), AGENCY_IPTC), credit="Staff", caption="Our own caption.")

    image.refresh_from_db()
    assert (image.credit, image.caption) == ("Staff", "Our own caption.")
    assert image.copyright == "© 2026 Thomson Reuters"


def test_the_by_line_is_the_credit_when_the_file_names_no_credit():
    image = upload(with_iptc(image_bytes(), [(2, 80, b"Ana Lima")]))

    assert Image.objects.get(pk=image.pk).credit == "Ana Lima"


def test_latin_1_iptc_is_read_as_latin_1():
    image = upload(with_iptc(image_bytes(), [(2, 110, "Agência Lusa".encode("latin-1"))]))

    assert Image.objects.get(pk=image.pk).credit == "Agência Lusa"


def test_an_upload_takes_credit_caption_and_copyright_from_its_xmp():
    image = upload(with_xmp(XMP))

    image.refresh_from_db()
    assert image.credit == "AFP"  # photoshop:Credit before dc:creator
    assert image.caption == "Crowds in the square after the vote."
    assert image.copyright == "© AFP 2026"


def test_an_upload_takes_artist_description_and_copyright_from_its_exif():
    image = upload(with_exif(artist="Mei Chen", copyright="Mei Chen 2026", description="Rain over the river."))

    image.refresh_from_db()
    assert (image.credit, image.caption, image.copyright) == ("Mei Chen", "Rain over the river.", "Mei Chen 2026")


def test_metadata_is_trimmed_and_cut_to_the_fields_length():
    image = upload(with_iptc(image_bytes(), [(2, 110, b"  " + b"R" * 400 + b"  \x07"), (2, 120, b"\n A caption \n")]))

    image.refresh_from_db()
    assert image.credit == "R" * 255
    assert image.caption == "A caption"


def test_hostile_metadata_is_ignored_and_the_upload_accepted():
    garbled_iptc = with_iptc(
        with_xmp(ENTITY_BOMB),
        [
            (2, 110, b"\xff\xfe\xfa invalid utf-8 \xc3\x28"),
            (2, 120, b"x" * 30_000),  # the largest a standard dataset holds is 32,767 bytes
        ],
    )
    image = upload(garbled_iptc)

    image.refresh_from_db()
    assert image.pk and image.renditions.count() > 0
    assert image.credit == "ÿþú invalid utf-8 Ã("  # not UTF-8, so read as Latin-1; nothing crashed
    assert len(image.caption) == 2000
    assert "lol" not in image.caption  # the entities were not expanded


def test_an_xmp_entity_expansion_attempt_is_not_expanded():
    assert read_metadata(io.BytesIO(with_xmp(ENTITY_BOMB))) == {}


def test_an_iptc_block_with_an_oversized_extended_dataset_is_ignored():
    image = upload(with_iptc(image_bytes(), [(2, 110, b"Reuters"), (2, 120, b"x" * 60_000)]))

    image.refresh_from_db()
    assert image.pk and (image.credit, image.caption) == ("", "")


def test_a_truncated_iptc_record_is_ignored():
    broken = with_iptc(image_bytes(), [(2, 110, b"Reuters")]).replace(b"\x1c\x02\x6e\x00\x07", b"\x1c\x02\x6e\xff\xff")
    image = upload(broken)

    assert Image.objects.get(pk=image.pk).credit == ""


def test_renditions_carry_no_metadata_of_the_original():
    original = with_iptc(with_xmp(XMP), AGENCY_IPTC)
    with PILImage.open(io.BytesIO(original)) as picture:  # the original does carry both
        assert picture.info.get("xmp") and IptcImagePlugin.getiptcinfo(picture)
    image = upload(original)

    for rendition in image.renditions.all():
        with rendition.file.open("rb"), PILImage.open(rendition.file) as picture:
            assert not picture.getexif(), rendition.spec
            assert not picture.info.get("xmp") and not picture.getxmp(), rendition.spec
            assert IptcImagePlugin.getiptcinfo(picture) is None, rendition.spec
            assert "photoshop" not in picture.info, rendition.spec


def test_renditions_of_a_file_with_exif_carry_no_exif():
    image = upload(with_exif(artist="Mei Chen", copyright="Mei Chen 2026"))

    for rendition in image.renditions.all():
        with rendition.file.open("rb"), PILImage.open(rendition.file) as picture:
            assert not picture.getexif(), rendition.spec


def test_the_admin_upload_form_takes_a_required_credit_from_the_file_and_says_so(editor_client):
    reuters = Agency.objects.create(name="Reuters", credit_required=True)
    data = {
        "file": SimpleUploadedFile("dawn.jpg", with_iptc(image_bytes(), AGENCY_IPTC), content_type="image/jpeg"),
        "title": "Harbour at dawn",
        "alt_text": "Fishing boats leaving a harbour",
        "agency": reuters.pk,
        "credit": "",
        "caption": "",
        "usage_rights": UsageRights.AGENCY,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
    }

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    assert (image.credit, image.copyright) == ("Reuters", "© 2026 Thomson Reuters")
    assert image.caption.startswith("Fishing boats")
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(m.startswith("Taken from the file: credit “Reuters”") and "copyright “© 2026" in m for m in shown)


def test_without_a_credit_in_the_file_the_agency_still_requires_one(editor_client):
    reuters = Agency.objects.create(name="Reuters", credit_required=True)
    data = {
        "file": SimpleUploadedFile("dawn.jpg", image_bytes(), content_type="image/jpeg"),
        "title": "Harbour at dawn",
        "alt_text": "Fishing boats leaving a harbour",
        "agency": reuters.pk,
        "usage_rights": UsageRights.STAFF,
        "rights_expire_at_0": "",
        "rights_expire_at_1": "",
    }

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["credit"] == ["A credit is required: Reuters requires one."]
    assert not Image.objects.exists()
