"""Number and date on a signed PDF (cấp số, ngày ban hành), without breaking the signature.

An electronic document is signed by the competent official before the clerk gives it its
number and date (Decree 30/2020, Art. 15 and 18). So the PDF the official signs is laid
out with the number and date left blank, and carries form fields over those blanks:
``prepare`` adds them, with the empty signature fields of the official (over the space
of the signature block) and of the agency (its seal, over the left third of it). At
issue, ``fill_number`` writes the number and date into the fields as an incremental
update: form filling, which leaves the official's signature valid (a PAdES validator
reports it as permitted form filling), before the agency's seal signs the whole.

Where the blanks are is read from the rendered PDF itself (``pdftotext -bbox``): the
words "Số:" and the symbol after it, and "ngày", "tháng", "năm" of the date line.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
NUMBER_FIELD = "SoVanBan"
DAY_FIELD, MONTH_FIELD, YEAR_FIELD = "NgayBanHanh", "ThangBanHanh", "NamBanHanh"
FONT_SIZE = 13
FONT = "/TiRo"
# Times-Roman advance widths (per 1000 em) of what a number and a date are made of.
_WIDTHS = {**dict.fromkeys("0123456789", 500), "/": 278}


class StampingError(ValueError):
    """The rendered document does not show where its number and date go."""


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x1: float
    y1: float  # from the top of the page, as pdftotext gives them
    x2: float
    y2: float


class _BBoxParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[Word] = []
        self.heights: list[float] = []
        self._page = -1
        self._box: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "page":
            self._page += 1
            self.heights.append(float(values["height"]))
        elif tag == "word":
            self._box = values

    def handle_data(self, data: str) -> None:
        if self._box is not None:
            box = self._box
            self.words.append(Word(self._page, data.strip(), float(box["xmin"]),
                                   float(box["ymin"]), float(box["xmax"]),
                                   float(box["ymax"])))
            self._box = None


def words_of(pdf: bytes) -> tuple[list[Word], list[float]]:
    """Every word of ``pdf`` with its box, and the height of each page."""
    result = subprocess.run(["pdftotext", "-q", "-bbox", "-enc", "UTF-8", "-", "-"],
                            input=pdf, capture_output=True, timeout=60, check=False)
    parser = _BBoxParser()
    parser.feed(result.stdout.decode("utf-8", "replace"))
    return parser.words, parser.heights


@dataclass(frozen=True)
class Blanks:
    """The boxes (PDF points, from the bottom left of page 0) of the number and date."""

    number: tuple[float, float, float, float]
    day: tuple[float, float, float, float]
    month: tuple[float, float, float, float]
    year: tuple[float, float, float, float]


def find_blanks(pdf: bytes) -> Blanks:
    words, heights = words_of(pdf)
    first = [w for w in words if w.page == 0]
    height = heights[0] if heights else 842.0

    def box(x1: float, top: float, x2: float, bottom: float) -> tuple[float, float, float,
                                                                      float]:
        return (x1, height - bottom, x2, height - top)

    number_word = next((w for w in first if w.text == "Số:"), None)
    if number_word is None:
        raise StampingError("the document has no “Số:” line")
    symbol = next((w for w in first if w.y1 == number_word.y1 and w.x1 > number_word.x2
                   and w.text.startswith("/")), None)
    if symbol is None:
        raise StampingError("the symbol after “Số:” was not found")
    date = {w.text: w for w in first if w.text in ("ngày", "tháng", "năm")
            and abs(w.y1 - number_word.y1) < FONT_SIZE}
    if len(date) != 3:
        raise StampingError("the date line was not found next to the number")
    gap = 2.0
    top, bottom = number_word.y1, number_word.y2
    return Blanks(
        number=box(number_word.x2 + gap, top, symbol.x1, bottom),
        day=box(date["ngày"].x2 + gap, top, date["tháng"].x1 - gap, bottom),
        month=box(date["tháng"].x2 + gap, top, date["năm"].x1 - gap, bottom),
        year=box(date["năm"].x2 + gap, top, date["năm"].x2 + gap + 2.4 * FONT_SIZE, bottom),
    )


def _font() -> generic.DictionaryObject:
    return generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Times-Roman"),
        generic.NameObject("/Encoding"): generic.NameObject("/WinAnsiEncoding"),
    })


def _appearance(writer: IncrementalPdfFileWriter, font_ref: generic.IndirectObject,
                rect: tuple[float, float, float, float], value: str,
                align: str) -> generic.IndirectObject:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if value:
        # A number wider than the blank the layout left is set smaller, not cut.
        em = sum(_WIDTHS.get(c, 500) for c in value) / 1000
        size = min(FONT_SIZE, (width - 1) / em)
        text_width = em * size
        x = {"right": width - text_width, "center": (width - text_width) / 2}.get(align, 0.0)
        y = (height - size * 0.7) / 2
        body = (f"/Tx BMC q BT {FONT} {size:.2f} Tf 0 g {x:.2f} {y:.2f} Td ({value}) Tj "
                "ET Q EMC").encode()
    else:
        body = b"/Tx BMC EMC"
    stream = generic.StreamObject({
        generic.NameObject("/Type"): generic.NameObject("/XObject"),
        generic.NameObject("/Subtype"): generic.NameObject("/Form"),
        generic.NameObject("/BBox"): generic.ArrayObject(
            [generic.FloatObject(0), generic.FloatObject(0), generic.FloatObject(width),
             generic.FloatObject(height)]),
        generic.NameObject("/Resources"): generic.DictionaryObject({
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject(FONT): font_ref})}),
    }, stream_data=body)
    return writer.add_object(stream)


_ALIGN = {NUMBER_FIELD: "right", DAY_FIELD: "center", MONTH_FIELD: "center",
          YEAR_FIELD: "left"}


def prepare(pdf: bytes, *, signature_box: tuple[int, tuple[float, float, float, float]],
            ) -> bytes:
    """Add the empty number and date fields and the two signature fields to a document
    rendered without number and date; the result is what the official signs."""
    blanks = find_blanks(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page, (x1, y1, x2, y2) = signature_box
    # Side by side in the signature space, the seal on the left: the visible blocks are
    # text, which would be unreadable if the seal overlapped the signer's block as the
    # seal image does on paper.
    split = x1 + (x2 - x1) * 0.45
    append_signature_field(writer, SigFieldSpec(SIGNER_FIELD, on_page=page,
                                                box=(int(split), int(y1), int(x2), int(y2))))
    append_signature_field(writer, SigFieldSpec(SEAL_FIELD, on_page=page,
                                                box=(int(x1), int(y1), int(split), int(y2))))
    font_ref = writer.add_object(_font())
    page_ref, _ = writer.find_page_for_modification(0)
    page_obj = page_ref.get_object()
    annots = page_obj.get("/Annots")
    if annots is None:
        annots = generic.ArrayObject()
        page_obj[generic.NameObject("/Annots")] = annots
    form = writer.root["/AcroForm"]
    form.setdefault(generic.NameObject("/DR"), generic.DictionaryObject({
        generic.NameObject("/Font"): generic.DictionaryObject(
            {generic.NameObject(FONT): font_ref})}))
    fields = form["/Fields"]
    for name, rect in ((NUMBER_FIELD, blanks.number), (DAY_FIELD, blanks.day),
                       (MONTH_FIELD, blanks.month), (YEAR_FIELD, blanks.year)):
        field = generic.DictionaryObject({
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject(name),
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.FloatObject(round(v, 2)) for v in rect]),
            generic.NameObject("/DA"): generic.TextStringObject(
                f"{FONT} {FONT_SIZE} Tf 0 g"),
            generic.NameObject("/V"): generic.TextStringObject(""),
        })
        field_ref = writer.add_object(field)
        field[generic.NameObject("/AP")] = generic.DictionaryObject({
            generic.NameObject("/N"): _appearance(writer, font_ref, rect, "", _ALIGN[name])})
        annots.append(field_ref)
        fields.append(field_ref)
    for container in (annots, fields, form, page_obj):
        writer.update_container(container)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()




def fill_number(pdf: bytes, *, number: str, day: str, month: str, year: str) -> bytes:
    """Write the number and date into the fields of a prepared (and signed) document."""
    values = {NUMBER_FIELD: number, DAY_FIELD: day, MONTH_FIELD: month, YEAR_FIELD: year}
    # Digits and "/" only: nothing in them needs escaping in a PDF string.
    if any(not v or set(v) - set(_WIDTHS) for v in values.values()):
        raise StampingError("a number and a date are digits (and the number's slash)")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if "/AcroForm" not in writer.root:
        raise StampingError("the document was not prepared for numbering")
    form = writer.root["/AcroForm"]
    if "/DR" not in form:
        raise StampingError("the document was not prepared for numbering")
    font_ref = form["/DR"].raw_get("/Font").raw_get(FONT)
    found = set()
    for field_ref in form["/Fields"]:
        field = field_ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values:
            continue
        rect = tuple(float(v) for v in field["/Rect"])
        field[generic.NameObject("/V")] = generic.TextStringObject(values[name])
        field[generic.NameObject("/AP")] = generic.DictionaryObject({
            generic.NameObject("/N"): _appearance(writer, font_ref, rect, values[name],
                                                  _ALIGN[name])})
        writer.mark_update(field_ref)
        found.add(name)
    if found != set(values):
        raise StampingError("the document was not prepared for numbering")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
