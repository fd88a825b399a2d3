"""A scanned page made ready for OCR: the red seal and the blue signature taken out, grey, the
page turned upright and straightened.

The seal's ring of words and the signature's strokes would otherwise come back as lines of
nonsense, and a few degrees of skew cost Tesseract whole lines. Text of a directive is black
ink, so anything clearly coloured is not text."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageOps

# a pixel whose strongest channel exceeds its weakest by this much is ink of a colour, not black
_CHROMA = 60
# skew is searched within this many degrees, first coarsely, then finely around the best
_MAX_SKEW = 5.0
_COARSE_STEP = 0.5
_FINE_STEP = 0.1
# the skew search works on a small copy: the angle does not need every pixel
_SEARCH_WIDTH = 1000
# darker than this is ink
_INK = 160


def prepared(image: Image.Image) -> Image.Image:
    """Upright as the camera saw it, coloured ink removed, grey, straightened."""
    upright = ImageOps.exif_transpose(image) or image
    grey = without_colour(upright)
    return straightened(grey)


def without_colour(image: Image.Image) -> Image.Image:
    """Grey, with red (seal) and blue (signature) pixels turned white."""
    rgb = image.convert("RGB")
    grey = rgb.convert("L")
    red, green, blue = rgb.split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    weakest = ImageChops.darker(ImageChops.darker(red, green), blue)
    coloured = ImageChops.subtract(strongest, weakest).point(lambda v: 255 if v > _CHROMA else 0)
    grey.paste(255, mask=coloured)
    return grey


def skew_angle(grey: Image.Image) -> float:
    """The rotation that makes the text lines horizontal: the angle whose row profile of dark
    pixels is sharpest (lines of text alternate with white gaps only when level). The profile at
    an angle is counted from the dark pixels' coordinates, without rotating the image."""
    scale = min(1.0, _SEARCH_WIDTH / grey.width)
    small = grey.resize((max(1, int(grey.width * scale)), max(1, int(grey.height * scale))))
    ys, xs = np.nonzero(np.asarray(small) < _INK)
    if len(ys) == 0:
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.rint(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(rows - rows.min())
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, _COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    return float(max(fine, key=sharpness))


def straightened(grey: Image.Image) -> Image.Image:
    angle = skew_angle(grey)
    if abs(angle) < _FINE_STEP:
        return grey
    return grey.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=True)


def turned(grey: Image.Image, degrees: int) -> Image.Image:
    """Turned by a quarter-turn multiple that OSD reported (counter-clockwise, as PIL turns)."""
    if degrees % 360 == 0:
        return grey
    return grey.rotate(degrees, expand=True, fillcolor=255)
