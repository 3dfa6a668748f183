"""An official document (văn bản hành chính) as data, rendered to PDF and to DOCX.

Both outputs are made from the same ``OfficialDocument``, so the PDF a citizen receives
and the DOCX an official edits say the same thing in the same layout.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from egov.printing import vietnamese as vn

ALIGNMENTS = ("left", "center", "right")


def _text(value: str, name: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, got {type(value).__name__}")
    value = vn.nfc(value).strip()
    if required and not value:
        raise ValueError(f"{name} is required")
    return value


def _texts(values: tuple[str, ...] | list[str], name: str) -> tuple[str, ...]:
    return tuple(_text(value, name) for value in values)


@dataclass(frozen=True)
class Heading:
    """A numbered heading of the body. Level 1 is a part (``I.``, in upper case), level 2
    a section (``1.``), level 3 a point (``a)``). ``number`` replaces the automatic label;
    an empty string leaves the heading unnumbered."""

    text: str
    level: int = 1
    number: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _text(self.text, "heading"))
        if self.level not in (1, 2, 3):
            raise ValueError("heading levels are 1 (I.), 2 (1.) and 3 (a))")

    @property
    def display_text(self) -> str:
        return vn.upper(self.text) if self.level == 1 else self.text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, justified with a first-line indent. Lines that start
    with "- " or "+ " are the bullets of Vietnamese reports and are kept as written."""

    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _text(self.text, "paragraph"))


@dataclass(frozen=True)
class Table:
    """A table with a header row; every cell is text (format numbers before, e.g. with
    ``vietnamese.group_digits``). ``align`` gives each column's alignment, ``widths`` their
    relative widths."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    align: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        columns = _texts(tuple(self.columns), "column heading")
        if not columns:
            raise ValueError("a table has at least one column")
        rows = []
        for number, row in enumerate(self.rows, start=1):
            row = tuple(row)
            if len(row) != len(columns):
                raise ValueError(
                    f"row {number} has {len(row)} cells for {len(columns)} columns"
                )
            rows.append(tuple(_text(cell, "cell", required=False) for cell in row))
        align = tuple(self.align) or ("left",) * len(columns)
        if len(align) != len(columns) or any(a not in ALIGNMENTS for a in align):
            raise ValueError(f"align needs one of {ALIGNMENTS} per column")
        widths = tuple(float(w) for w in self.widths) or (1.0,) * len(columns)
        if len(widths) != len(columns) or any(w <= 0 for w in widths):
            raise ValueError("widths needs one positive number per column")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", tuple(rows))
        object.__setattr__(self, "title", _text(self.title, "table title", required=False))
        object.__setattr__(self, "align", align)
        object.__setattr__(self, "widths", widths)

    @property
    def width_percents(self) -> tuple[float, ...]:
        total = sum(self.widths)
        return tuple(round(100 * w / total, 2) for w in self.widths)

    @property
    def aligned_rows(self) -> list[list[tuple[str, str]]]:
        """Each row as (cell, alignment) pairs."""
        return [list(zip(row, self.align, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    """A picture of the body (a chart), centred, ``width_mm`` wide: a PNG image."""

    png: bytes = field(repr=False)
    width_mm: float = 160

    def __post_init__(self) -> None:
        if not self.png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ValueError("a figure is a PNG image")
        if not 0 < self.width_mm <= 170:
            raise ValueError("a figure is at most 170 mm wide (the text's width)")

    @property
    def data_uri(self) -> str:
        """The image as the PDF's HTML embeds it (a printed page fetches nothing)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class Signer:
    """The signature block (chữ ký): the authority lines (``"KT. GIÁM ĐỐC"``, built with
    ``vietnamese.signing_authority``), the signer's position and full name."""

    position: str
    name: str
    authority: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", _text(self.position, "signer's position"))
        object.__setattr__(self, "name", _text(self.name, "signer's name"))
        object.__setattr__(self, "authority", _texts(tuple(self.authority), "authority"))

    @property
    def title_lines(self) -> list[str]:
        """What stands above the signature, in upper case."""
        return [vn.upper(line) for line in (*self.authority, self.position)]


@dataclass(frozen=True)
class Appendix:
    """An appendix (phụ lục) after the signature: a title and a table, on a landscape
    page when the table is wide."""

    title: str
    table: Table
    landscape: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", _text(self.title, "appendix title"))


@dataclass(frozen=True)
class OfficialDocument:
    """An administrative document in the layout of Decree 30/2020/NĐ-CP, Appendix I.

    ``type_name`` and ``type_code`` ("Báo cáo", "BC") are both empty for a công văn, whose
    summary is then printed under its number as "V/v …" and which is addressed with
    "Kính gửi". ``number`` and ``date`` stay ``None`` on a draft: they are given when the
    document is signed and issued.
    """

    agency: str
    issuer_code: str
    place: str
    title: str
    signer: Signer
    parent_agency: str = ""
    number: int | None = None
    type_name: str = ""
    type_code: str = ""
    unit_code: str = ""
    date: dt.date | None = None
    addressees: tuple[str, ...] = ()
    body: tuple[Block, ...] = ()
    recipients: tuple[str, ...] = ()
    archive: tuple[str, ...] = ("VT",)
    urgency: vn.Urgency | None = None
    secrecy: vn.Secrecy | None = None
    appendices: tuple[Appendix, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("agency", "place", "title"):
            object.__setattr__(self, name, _text(getattr(self, name), name))
        for name in ("parent_agency", "type_name", "type_code", "unit_code"):
            object.__setattr__(self, name, _text(getattr(self, name), name, required=False))
        if bool(self.type_name) != bool(self.type_code):
            raise ValueError("type_name and type_code go together (both empty: a công văn)")
        if self.date is not None and not isinstance(self.date, dt.date):
            raise TypeError("date must be a date")
        if not isinstance(self.signer, Signer):
            raise TypeError("signer must be a Signer")
        for block in self.body:
            if not isinstance(block, Block):
                raise TypeError("a body block is a Heading, Paragraph, Table or Figure, "
                                f"not {block!r}")
        for appendix in self.appendices:
            if not isinstance(appendix, Appendix):
                raise TypeError("appendices must be Appendix objects")
        object.__setattr__(self, "addressees", _texts(tuple(self.addressees), "addressee"))
        object.__setattr__(self, "recipients", _texts(tuple(self.recipients), "recipient"))
        object.__setattr__(self, "archive", _texts(tuple(self.archive), "archive"))
        object.__setattr__(self, "body", tuple(self.body))
        object.__setattr__(self, "appendices", tuple(self.appendices))
        if self.urgency is not None:
            object.__setattr__(self, "urgency", vn.Urgency(self.urgency))
        if self.secrecy is not None:
            object.__setattr__(self, "secrecy", vn.Secrecy(self.secrecy))
        # Fail now, not halfway through a rendering, on a bad number or symbol.
        self.number_symbol  # noqa: B018
        self.recipients_lines  # noqa: B018

    @property
    def is_letter(self) -> bool:
        """A công văn: no type name, a "V/v" summary under the number."""
        return not self.type_name

    @property
    def header_lines(self) -> list[str]:
        return vn.agency_header_lines(self.agency, self.parent_agency)

    @property
    def symbol(self) -> str:
        return vn.document_symbol(self.type_code, self.issuer_code, self.unit_code)

    @property
    def number_symbol(self) -> str:
        return vn.number_symbol(self.number, self.type_code, self.issuer_code, self.unit_code)

    @property
    def place_date(self) -> str:
        return vn.place_date_line(self.place, self.date)

    @property
    def type_heading(self) -> str:
        return vn.upper(self.type_name)

    @property
    def subject_line(self) -> str:
        """The summary of a công văn as printed under its number."""
        return f"{vn.SUBJECT_PREFIX} {self.title}"

    @property
    def recipients_lines(self) -> list[str]:
        return vn.recipients_lines(self.recipients, self.archive)

    @property
    def addressee_lines(self) -> list[str]:
        return vn.addressee_lines(self.addressees)

    def numbered_body(self) -> Iterator[tuple[Block, str]]:
        """Each body block with its label: ``I.``, ``1.``, ``a)`` for headings (numbering
        restarts under each higher heading), ``""`` for other blocks."""
        counters = [0, 0, 0]
        for block in self.body:
            if not isinstance(block, Heading):
                yield block, ""
                continue
            index = block.level - 1
            counters[index] += 1
            counters[index + 1:] = [0] * (2 - index)
            if block.number is not None:
                label = block.number
            elif block.level == 1:
                label = f"{vn.roman(counters[0])}."
            elif block.level == 2:
                label = f"{counters[1]}."
            else:
                label = f"{vn.point_letter(counters[2])})"
            yield block, label

    def appendix_label(self, index: int) -> str:
        """``PHỤ LỤC`` alone, or ``PHỤ LỤC I``, ``PHỤ LỤC II`` … when there are several."""
        if len(self.appendices) == 1:
            return vn.APPENDIX_LABEL
        return f"{vn.APPENDIX_LABEL} {vn.roman(index + 1)}"

    @property
    def appendix_reference(self) -> str:
        """The italic line under an appendix title tying it to the document."""
        kind = self.type_name.capitalize() if self.type_name else "Công văn"
        number = vn.document_number(self.number)
        when = f" {vn.date_words(self.date)}" if self.date else ""
        return f"(Kèm theo {kind} số {number}/{self.symbol}{when} của {self.agency})"
