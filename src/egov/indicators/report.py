"""The annual report (báo cáo tổng kết năm) written by the platform: the official layout of
egov.printing (national motto, agency, number and symbol, place and date line, title,
numbered sections, recipients, signature block), the narrative from an editable template
(``templates/indicators/report/annual.txt``, see docs/indicators.md), the figures, tables
and charts from the indicators, and the appendix of documents from egov.documents.

``build_annual`` computes everything (the slow part); ``report_docx`` and ``report_pdf``
lay it out; ``write_report`` writes a file whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import engines
from django.template.exceptions import TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.accounts.models import Role
from egov.documents import reports as document_reports
from egov.documents.models import DocumentType
from egov.documents.rendering import place_of
from egov.indicators import registry, selectors
from egov.indicators.base import Number, Period, Unit
from egov.indicators.report_charts import Chart, Series, number_text
from egov.organizations.models import Agency
from egov.printing.document import (
    Block,
    Figure,
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)
from egov.printing.docx import render_docx
from egov.printing.pdf import official_pdf

TEMPLATE = "indicators/report/annual.txt"
# Where the department keeps its own version of the narrative (the packaged one otherwise).
OVERRIDE = Path("report-templates") / "annual.txt"
FIRST_YEAR = 2000
Progress = Callable[[int, str], None]


def _no_progress(percent: int, step: str) -> None:
    """Progress is reported only when someone watches (the background task)."""


@dataclass(frozen=True)
class BuiltReport:
    """What the report says, ready to be laid out."""

    document: OfficialDocument
    year: int
    figures: dict[str, Number] = field(default_factory=dict)

    @property
    def file_stem(self) -> str:
        agency = re.sub(r"[^\w-]+", "-", self.document.issuer_code, flags=re.ASCII)
        return f"bao-cao-{agency.lower()}-{self.year}"


def check_year(year: int | str) -> int:
    """The year asked for, as a number; a ValidationError on ``year`` when it is not a
    year the platform can have figures of (from 2000 to the current year)."""
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValidationError(
            {"year": _("“%(value)s” is not a year.") % {"value": year}}) from None
    if not FIRST_YEAR <= value <= timezone.localdate().year:
        raise ValidationError({"year": _("Give a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR, "last": timezone.localdate().year}})
    return value


def template_text(path: str | Path | None = None) -> str:
    """The narrative template: the file given, else the department's own copy in the
    platform's data directory (``<EGOV_VAR_DIR>/report-templates/annual.txt``), else the
    packaged one."""
    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    own = Path(settings.VAR_DIR) / OVERRIDE
    if own.is_file():
        return own.read_text(encoding="utf-8")
    return engines["django"].engine.find_template(TEMPLATE)[0].source


def director_of(agency: Agency) -> Any:
    """The agency's director (the user), who signs its reports; a ValidationError when
    it has none."""
    official = (agency.officials.filter(is_active=True, roles__role=Role.DIRECTOR)
                .select_related("user").order_by("pk").first())
    if official is None:
        raise ValidationError({"agency": _("%(agency)s has no director to sign the report.")
                               % {"agency": agency.name}})
    return official.user


def _signer(agency: Agency) -> Signer:
    user = director_of(agency)
    return Signer(position=user.official.position or "Giám đốc", name=user.get_full_name())


def _province(agency: Agency) -> str:
    """The division as running text names it: "tỉnh Trà Vinh"."""
    division = agency.division
    name, kind = division.name.strip(), division.kind.strip()
    if kind and name.lower().startswith(kind.lower()):
        return kind.lower() + name[len(kind):]
    return name


def _key(code: str) -> str:
    return code.replace(".", "_")


def _printed(values: dict[str, Number]) -> dict[str, str]:
    units = {i.code: i.unit for i in registry.all_indicators()}
    return {_key(code): number_text(value, units.get(code) == Unit.PERCENT)
            for code, value in values.items()}


def _table(codes: list[str], current: dict[str, Number], before: dict[str, Number],
           year: int) -> Table:
    rows = []
    for number, code in enumerate(codes, start=1):
        indicator = registry.get(code)
        percent = indicator.unit == Unit.PERCENT
        rows.append((str(number), str(indicator.name), number_text(current[code], percent),
                     number_text(before[code], percent)))
    return Table(columns=("TT", "Chỉ tiêu", f"Năm {year}", f"Năm {year - 1}"), rows=tuple(rows),
                 widths=(0.5, 4.5, 1.3, 1.3), align=("center", "left", "right", "right"))


def _dossier_table(v: dict[str, Number], year: int) -> Table:
    rows = []
    for level in (3, 4):
        rows.append((f"Mức độ {level}", number_text(v[f"procedures.level{level}"]),
                     number_text(v[f"procedures.level{level}.with_online_dossiers"]),
                     number_text(v[f"dossiers.received.level{level}"]),
                     number_text(v[f"dossiers.received.level{level}.online"]),
                     number_text(v[f"dossiers.received.level{level}.offline"])))
    rows.append(("Cộng", *(number_text(sum((v[f"{prefix}{level}{suffix}"] or 0)
                                           for level in (3, 4)))
                           for prefix, suffix in (("procedures.level", ""),
                                                  ("procedures.level", ".with_online_dossiers"),
                                                  ("dossiers.received.level", ""),
                                                  ("dossiers.received.level", ".online"),
                                                  ("dossiers.received.level", ".offline")))))
    return Table(columns=("Dịch vụ công trực tuyến", "Số dịch vụ",
                          "Dịch vụ có hồ sơ trực tuyến", f"Hồ sơ tiếp nhận năm {year}",
                          "Trực tuyến", "Trực tiếp"),
                 rows=tuple(rows), widths=(1.6, 1, 1.3, 1.3, 1.1, 1.1),
                 align=("left", "right", "right", "right", "right", "right"))


TABLES = {
    "chung_thu": ["certificates.active", "certificates.active.organisation",
                  "certificates.active.individual", "certificates.issued",
                  "certificates.revoked"],
    "van_ban": ["documents.incoming", "documents.incoming.electronic", "documents.outgoing",
                "documents.outgoing.electronic", "documents.electronic_rate",
                "documents.handled", "documents.handled.on_time", "documents.handled.late",
                "documents.open", "documents.open.overdue"],
}
MONTHS = tuple(f"T{m}" for m in range(1, 13))


def _charts(period: Period, agency: Agency | None) -> dict[str, Chart]:
    def months(code: str) -> tuple[Number, ...]:
        return tuple(v for _m, v in selectors.by_month(registry.get(code), period, agency))

    values = selectors.figures(registry.resolve(["dossiers.received.online",
                                                 "dossiers.received.desk",
                                                 "dossiers.received.post"]), period, agency)
    year = period.start.year
    return {
        "ho_so_theo_thang": Chart(
            title=f"Hồ sơ tiếp nhận theo tháng, năm {year}", labels=MONTHS,
            series=(Series("Trực tuyến", months("dossiers.received.online")),
                    Series("Tất cả", months("dossiers.received")))),
        "ho_so_theo_kenh": Chart(
            title=f"Hồ sơ tiếp nhận theo hình thức, năm {year}",
            labels=("Trực tuyến", "Tại bộ phận một cửa", "Qua bưu chính"),
            series=(Series("Hồ sơ", (values["dossiers.received.online"],
                                     values["dossiers.received.desk"],
                                     values["dossiers.received.post"])),)),
        "van_ban_theo_thang": Chart(
            title=f"Văn bản đến và đi theo tháng, năm {year}", labels=MONTHS,
            series=(Series("Văn bản đến", months("documents.incoming")),
                    Series("Văn bản đi", months("documents.outgoing")))),
    }


@dataclass
class Narrative:
    """The rendered template, read: title, body (the charts drawn in it), recipients, and
    the appendix it asks for (its title and the codes of the document types listed)."""

    title: str = ""
    body: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    appendix_title: str = ""
    appendix_types: list[DocumentType] = field(default_factory=list)


def _appendix_spec(rest: str, number: int, problems: list[str], narrative: Narrative) -> None:
    title, _sep, codes = rest.partition("|")
    wanted = [c.strip() for c in codes.split(",") if c.strip()]
    types = list(DocumentType.objects.filter(code__in=wanted))
    unknown = sorted(set(wanted) - {t.code for t in types})
    if not title.strip() or not wanted or unknown:
        problems.append(_("line %(line)s: the appendix is “@phụ lục: title | type codes”, "
                          "with known codes") % {"line": number})
        return
    narrative.appendix_title, narrative.appendix_types = title.strip(), types


def _blocks(text: str, tables: dict[str, Table], charts: dict[str, Chart]) -> Narrative:
    """The rendered narrative read line by line; a ValidationError naming each line that
    asks for an unknown table, chart or instruction."""
    narrative = Narrative()
    title, body, recipients = "", narrative.body, narrative.recipients
    in_recipients = False
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        directive, _sep, rest = line[1:].partition(":") if line.startswith("@") else ("", "",
                                                                                     "")
        directive, rest = directive.strip().lower(), rest.strip()
        if in_recipients and not line.startswith("@"):
            recipients.append(line)
        elif directive == "trích yếu":
            title = rest
        elif directive == "nơi nhận":
            in_recipients = True
        elif directive == "phụ lục":
            _appendix_spec(rest, number, problems, narrative)
        elif directive == "bảng":
            if rest in tables:
                body.append(tables[rest])
            else:
                problems.append(_("line %(line)s: no table “%(name)s”") % {"line": number,
                                                                            "name": rest})
        elif directive == "biểu đồ":
            if rest in charts:
                body.append(Figure(charts[rest].png()))
            else:
                problems.append(_("line %(line)s: no chart “%(name)s”") % {"line": number,
                                                                            "name": rest})
        elif line.startswith("#"):
            marks = len(line) - len(line.lstrip("#"))
            if marks > 3 or not line[marks:].strip():
                problems.append(_("line %(line)s: a heading is #, ## or ### and a text")
                                % {"line": number})
            else:
                body.append(Heading(line[marks:].strip(), level=marks))
        elif line.startswith("@"):
            problems.append(_("line %(line)s: unknown instruction “%(name)s”")
                            % {"line": number, "name": line})
        else:
            body.append(Paragraph(line))
    if problems:
        raise ValidationError({"template": problems})
    narrative.title = title
    return narrative


def build_annual(*, year: int, agency: Agency, whole_province: bool = True,
                 number: int | None = None, date: dt.date | None = None,
                 unit_code: str = "VP", template: str | None = None,
                 progress: Progress = _no_progress) -> BuiltReport:
    """The annual report of ``agency`` for ``year``: the province's figures (or, with
    ``whole_province=False``, those of the agency with the agencies under it), the
    narrative of ``template`` (text; the department's or the packaged one by default).
    Without ``number`` and ``date`` they are left blank, as on a draft."""
    year = check_year(year)
    period = Period.year(year)
    scope = None if whole_province else agency
    with translation.override("vi"):
        progress(5, _("Computing the indicators"))
        indicators = registry.all_indicators()
        current = selectors.figures(indicators, period, scope)
        progress(30, _("Computing the previous year"))
        before = selectors.figures(indicators, Period.year(year - 1), scope)
        progress(50, _("Drawing the charts"))
        charts = _charts(period, scope)
        tables = {name: _table(codes, current, before, year) for name, codes in TABLES.items()}
        tables["ho_so"] = _dossier_table(current, year)
        tables["chi_so_766"] = _table([c for c in current if c.startswith("d766.")], current,
                                      before, year)
        progress(65, _("Writing the narrative"))
        source = template if template is not None else template_text()
        try:
            narrative = engines["django"].from_string(
                "{% autoescape off %}" + source + "{% endautoescape %}")
        except TemplateSyntaxError as exc:
            raise ValidationError({"template": [str(exc)]}) from exc
        text = narrative.render({
            "year": year, "next_year": year + 1, "agency_name": agency.name,
            "province": _province(agency),
            "so": _printed(current), "truoc": _printed(before)})
        narrative = _blocks(text, tables, charts)
        progress(70, _("Listing the documents of the appendix"))
        appendix = None
        if narrative.appendix_types:
            # The documents the agency received of the types the template names: the
            # directives and decisions of the province (and the ministries) of the year.
            ids = (selectors.agency_subtree_ids(agency, period.end) if not whole_province
                   else [agency.pk])
            rows = document_reports.appendix_rows(
                agency_ids=ids, start=period.start, end=period.end, source="incoming",
                types=narrative.appendix_types)
            appendix = document_reports.appendix(rows, narrative.appendix_title)
        title, body, recipients = narrative.title, narrative.body, narrative.recipients
        document = OfficialDocument(
            agency=agency.name, parent_agency=agency.parent.name if agency.parent_id else "",
            issuer_code=agency.short_name, unit_code=unit_code, place=place_of(agency),
            title=title or f"Tổng kết công tác năm {year}", type_name="Báo cáo",
            type_code="BC", number=number, date=date,
            body=tuple(body), recipients=tuple(recipients), archive=("VT", unit_code),
            signer=_signer(agency), appendices=(appendix,) if appendix else ())
    return BuiltReport(document=document, year=year, figures=current)


def report_docx(report: BuiltReport) -> bytes:
    """The report as a DOCX, in egov.printing's official layout."""
    return render_docx(report.document)


def report_pdf(report: BuiltReport) -> bytes:
    """The report as a PDF, in the same layout as the DOCX."""
    return official_pdf(report.document)


def render(report: BuiltReport, kind: str) -> bytes:
    if kind == "pdf":
        return report_pdf(report)
    return report_docx(report)


def write_report(content: bytes, path: str | Path) -> None:
    """Write ``content`` to ``path`` whole or not at all: into a temporary file beside it,
    renamed over the target once complete."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
