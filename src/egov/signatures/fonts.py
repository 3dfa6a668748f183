"""The TrueType font of signature blocks, prepared once per process.

pyHanko writes glyph widths in the font's own units, which PDF readers take as
thousandths of an em; DejaVu Sans has 2048 units per em, so its text would be spread
out to twice its width. We hand pyHanko a copy rescaled to 1000 units per em, cut down
to the Latin and Vietnamese ranges and without layout tables, so each signature embeds
and subsets it quickly.
"""

from __future__ import annotations

import io
import logging
import threading
from typing import Any

from fontTools import subset, ttLib
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

# fontTools reports every subsetting at INFO; one line per signature is noise.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Basic Latin, Latin-1 and Extended-A/B (ơ, ư), combining marks, Latin Extended
# Additional (ạ … ỹ), punctuation, the đồng sign.
_RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
           (0x20AB, 0x20AC)]
_prepared: dict[str, bytes] = {}
_lock = threading.Lock()


def prepared_font(path: str) -> bytes:
    """The font at ``path``, reduced to Vietnamese and rescaled to 1000 units per em."""
    with _lock:
        data = _prepared.get(path)
        if data is None:
            font = ttLib.TTFont(path)
            options = subset.Options()
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.glyph_names = True
            # Vietnamese letters all exist precomposed (NFC), so the block needs no
            # OpenType layout; without those tables pyHanko's per-signature subsetting
            # of the font is several times faster.
            options.layout_features = []
            options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "MATH"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[c for a, b in _RANGES for c in range(a, b + 1)])
            subsetter.subset(font)
            if font["head"].unitsPerEm != 1000:
                scale_upem(font, 1000)
            buffer = io.BytesIO()
            font.save(buffer)
            data = _prepared[path] = buffer.getvalue()
    return data


class PreparedFontFactory(FontEngineFactory):
    """A pyHanko font engine factory over ``prepared_font``."""

    def __init__(self, path: str, font_size: int) -> None:
        self.path = path
        self.font_size = font_size

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(prepared_font(self.path)),
            font_size=self.font_size, obj_stream=obj_stream, bcp47_lang_code="vi",
        )
