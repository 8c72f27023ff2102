"""Stand-in pictures for the demo content, drawn with Pillow.

Deterministic: the same title always gives the same picture, so loading the demo
twice produces identical files.
"""

import hashlib
import io
import random

from PIL import Image as PILImage
from PIL import ImageDraw

PICTURE_SIZE = (1600, 900)


def draw_picture(spec) -> bytes:
    """A 1600×900 JPEG of `spec`'s gradient and motif; the same title always gives the same picture."""
    seed = int.from_bytes(hashlib.sha256(spec["title"].encode()).digest()[:8], "big")
    rng = random.Random(seed)
    top, bottom = spec["colors"]
    mask = PILImage.linear_gradient("L").resize(PICTURE_SIZE)
    picture = PILImage.composite(
        PILImage.new("RGB", PICTURE_SIZE, bottom), PILImage.new("RGB", PICTURE_SIZE, top), mask
    )
    overlay = PILImage.new("RGBA", PICTURE_SIZE, (0, 0, 0, 0))
    MOTIFS[spec["motif"]](ImageDraw.Draw(overlay), rng, *PICTURE_SIZE)
    picture = PILImage.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def _bands(draw, rng, width, height):
    for _ in range(6):
        y, thickness = rng.randint(80, height - 120), rng.randint(16, 80)
        draw.rectangle([0, y, width, y + thickness], fill=(255, 255, 255, rng.randint(30, 70)))


def _blocks(draw, rng, width, height):
    colours = [(200, 60, 40), (40, 90, 160), (230, 170, 40), (60, 140, 90), (150, 150, 160)]
    for row in range(4):
        y = height - 110 * (row + 1)
        for x in range(0, width, 190):
            if rng.random() < 0.2 + 0.15 * row:
                continue
            draw.rectangle([x + 6, y + 6, x + 184, y + 104], fill=(*rng.choice(colours), 255))


def _chart(draw, rng, width, height):
    for y in range(150, height, 150):
        draw.line([(0, y), (width, y)], fill=(255, 255, 255, 40), width=2)
    points = [(x, round(760 - x * 0.32 + rng.randint(-90, 90))) for x in range(0, width + 100, 100)]
    draw.line(points, fill=(120, 255, 170, 255), width=10, joint="curve")


def _grid(draw, rng, width, height):
    for x in range(0, width, 80):
        draw.line([(x, 0), (x, height)], fill=(200, 255, 250, 60), width=2)
    for y in range(0, height, 80):
        draw.line([(0, y), (width, y)], fill=(200, 255, 250, 60), width=2)
    for _ in range(40):
        x, y = rng.randrange(0, width, 80), rng.randrange(0, height, 80)
        draw.rectangle([x - 12, y - 12, x + 12, y + 12], fill=(180, 255, 240, 200))


def _arcs(draw, rng, width, height):
    cx, cy = width // 2, height + 100
    for radius in range(160, 1000, 75):
        box = [cx - radius, cy - radius, cx + radius, cy + radius]
        draw.arc(box, 180, 360, fill=(255, 220, 200, rng.randint(90, 150)), width=20)


def _clouds(draw, rng, width, height):
    for _ in range(8):
        x, y, r = rng.randint(0, width), rng.randint(40, 380), rng.randint(90, 220)
        draw.ellipse([x - r, y - r * 0.6, x + r, y + r * 0.6], fill=(245, 248, 255, 90))
    x = 0
    while x < width:
        building = rng.randint(60, 160)
        draw.rectangle([x, height - rng.randint(120, 380), x + building, height], fill=(30, 35, 48, 255))
        x += building + rng.randint(4, 20)


def _panels(draw, rng, width, height):
    for row in range(4):
        y = 500 + row * 100
        for x in range(-140 + rng.randint(0, 40), width, 170):
            draw.polygon([(x, y + 75), (x + 130, y + 75), (x + 175, y), (x + 45, y)], fill=(20, 40, 100, 255))


def _globe(draw, rng, width, height):
    cx, cy, r = width // 2, height // 2, 330
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(200, 220, 255, 60), outline=(230, 240, 255, 210), width=6)
    for fraction in (0.25, 0.55, 0.85):
        half = round(r * fraction)
        draw.ellipse([cx - half, cy - r, cx + half, cy + r], outline=(230, 240, 255, 150), width=4)
    for dy in (-220, -110, 0, 110, 220):
        half = round((r * r - dy * dy) ** 0.5)
        draw.line([(cx - half, cy + dy), (cx + half, cy + dy)], fill=(230, 240, 255, 150), width=4)
    for _ in range(60):
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([x - 2, y - 2, x + 2, y + 2], fill=(255, 255, 255, 160))


def _phones(draw, rng, width, height):
    for n, x in enumerate((380, 670, 960)):
        top = 170 + rng.randint(0, 60) + (30 if n == 1 else 0)
        draw.rounded_rectangle([x, top, x + 260, top + 540], radius=36, fill=(240, 230, 255, 215))
        draw.rounded_rectangle([x + 18, top + 50, x + 242, top + 490], radius=12, fill=(60, 40, 110, 230))


def _stripes(draw, rng, width, height):
    for x in range(-height, width, 160):
        draw.polygon([(x, 0), (x + 70, 0), (x + 70 + height, height), (x + height, height)], fill=(255, 255, 255, 45))
    for _ in range(3):
        x, y = rng.randint(200, width - 200), rng.randint(150, height - 150)
        draw.ellipse([x - 60, y - 60, x + 60, y + 60], outline=(120, 80, 50, 160), width=8)


MOTIFS = {
    "bands": _bands,
    "blocks": _blocks,
    "chart": _chart,
    "grid": _grid,
    "arcs": _arcs,
    "clouds": _clouds,
    "panels": _panels,
    "globe": _globe,
    "phones": _phones,
    "stripes": _stripes,
}
