"""``egov report annual``: the official layout as DOCX and PDF, figures read back out of
the DOCX, the narrative from its template, bad input (exit code 2) and no half-written
file; the DOCX converts to PDF with LibreOffice when it is installed."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from indicators_documents_data import doc_type, load_types

from egov.documents.services import bulk
from egov.documents.services.incoming import IncomingData
from egov.indicators import registry, report, selectors
from egov.indicators.base import Period

Y2017 = Period.year(2017)


def run(*args):
    call_command("report", "annual", *args)


def text_of(word: docx.Document) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def written(data, tmp_path):
    out = tmp_path / "report.docx"
    run("--year", "2017", "--agency", "STTTT", "--out", str(out), "--number", "1407",
        "--date", "2017-11-03")
    return docx.Document(io.BytesIO(out.read_bytes()))


def test_the_docx_has_the_official_layout(written):
    text = text_of(written)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 1407/BC-STTTT-VP",
                 "Trà Vinh, ngày 03 tháng 11 năm 2017", "BÁO CÁO",
                 "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
                 "I. TÌNH HÌNH PHÁT TRIỂN LĨNH VỰC THÔNG TIN VÀ TRUYỀN THÔNG CỦA TỈNH TRÀ VINH "
                 "NĂM 2017", "II. KẾT QUẢ TRIỂN KHAI THỰC HIỆN NHIỆM VỤ NĂM 2017",
                 "1. Về Công nghệ thông tin", "III. CHƯƠNG TRÌNH CÔNG TÁC NĂM 2018",
                 "Nơi nhận:", "- Bộ TT&TT (b/c);", "- Lưu: VT, VP.", "GIÁM ĐỐC",
                 "Nguyễn Văn S_Director"):
        assert line in text, line
    # Three charts, each a picture in its own paragraph, no marker left behind.
    assert len(written.inline_shapes) == 3
    assert "⟦" not in text


def test_the_figures_read_back_out_of_the_docx(written):
    figures = selectors.figures(registry.all_indicators(), Y2017)
    before = selectors.figures(registry.all_indicators(), Period.year(2016))
    tables = {}
    for table in written.tables:
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            if len(cells) == 4 and cells[0].isdigit():
                tables[cells[1]] = (cells[2], cells[3])
    # The names are printed in Vietnamese.
    assert "Chứng thư số đang hoạt động" in tables
    with translation.override("vi"):
        name = str(registry.get("certificates.active").name)
        revoked = str(registry.get("certificates.revoked").name)
    assert tables[name] == (str(figures["certificates.active"]),
                            str(before["certificates.active"]))
    assert tables[revoked] == (str(figures["certificates.revoked"]),
                               str(before["certificates.revoked"]))
    text = text_of(written)
    assert (f"hiện tại có {figures['certificates.active']} chứng thư số đang hoạt động"
            in text)
    assert f"triển khai áp dụng tại {figures['agencies.total']} cơ quan, đơn vị" in text
    # The dossier table: level 3 and level 4 services of the province.
    [dossiers] = [t for t in written.tables if t.rows[0].cells[0].text.startswith("Dịch vụ")]
    assert [c.text for c in dossiers.rows[1].cells][:2] == [
        "Mức độ 3", str(figures["procedures.level3"])]


def test_the_pdf_keeps_the_vietnamese_text(data, tmp_path):
    out = tmp_path / "bao-cao.pdf"
    run("--year", "2017", "--agency", "000.00.31.H59", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
                 "Chứng thư số đang hoạt động", "Nơi nhận:"):
        assert line in text, line


@pytest.mark.parametrize(("args", "says"), [
    (["--year", "2017", "--agency", "NOWHERE"], "--agency"),
    (["--year", "UBND", "--agency", "STTTT"], "--year: “UBND” không phải là"),
    (["--year", "1990", "--agency", "STTTT"], "--year: Hãy ghi năm từ 2000 đến"),
    (["--year", "2017", "--agency", "UBND"], "Nhiều cơ quan"),
])
def test_bad_input_exits_with_2_and_writes_nothing(data, tmp_path, args, says):
    out = tmp_path / "report.docx"
    with pytest.raises(CommandError) as caught:
        run(*args, "--out", str(out))
    assert caught.value.returncode == 2
    assert says in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_file_name_or_template(data, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("--year", "2017", "--agency", "STTTT", "--out", str(tmp_path / "report.txt"))
    assert caught.value.returncode == 2
    assert "--out: Tên tệp phải có đuôi .docx hoặc .pdf." in str(caught.value)
    template = tmp_path / "mine.txt"
    template.write_text("@trích yếu: Báo cáo\n@bảng: khong_co\n# Phần một\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("--year", "2017", "--agency", "STTTT", "--out", str(tmp_path / "r.docx"),
            "--template", str(template))
    assert caught.value.returncode == 2
    assert "dòng 2: không có bảng “khong_co”" in str(caught.value)
    assert not (tmp_path / "r.docx").exists()


def test_the_department_edits_the_narrative(data, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    own = tmp_path / "report-templates" / "annual.txt"
    own.parent.mkdir()
    own.write_text("@trích yếu: Báo cáo nhanh năm {{ year }}\n# Số liệu\n"
                   "Có {{ so.agencies_total }} cơ quan; năm trước {{ truoc.agencies_total }}.\n"
                   "@biểu đồ: ho_so_theo_kenh\n@nơi nhận:\nUBND tỉnh (b/c)\n",
                   encoding="utf-8")
    built = report.build_annual(year=2017, agency=data.agencies["S"])
    word = docx.Document(io.BytesIO(report.report_docx(built)))
    text = text_of(word)
    assert "Báo cáo nhanh năm 2017" in text
    assert "I. SỐ LIỆU" in text
    assert "Có 5 cơ quan; năm trước 6." in text  # X closed in 2017
    assert "- UBND tỉnh (b/c);" in text
    assert len(word.inline_shapes) == 1


def test_a_failure_half_way_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"the report of last week")

    def broken(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr("egov.indicators.report.os.replace", broken)
    with pytest.raises(OSError):
        report.write_report(b"a new report", target)
    assert target.read_bytes() == b"the report of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_the_year_is_checked():
    with pytest.raises(ValidationError):
        report.check_year("hai nghìn")
    assert report.check_year(" 2017 ") == 2017


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx(data, tmp_path):
    out = tmp_path / "report.docx"
    run("--year", "2017", "--agency", "STTTT", "--out", str(out))
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = Path(tmp_path / "report.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO",
                 "Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018",
                 "Chứng thư số đang hoạt động"):
        assert line in text, line
    # The first page, rendered, for whoever wants to look at it.
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_the_appendix_lists_the_directives_of_the_year(data, tmp_path):
    load_types()

    def received(code, category, number, day, summary):
        day = dt.date.fromisoformat(day)
        return bulk.ImportedIncoming(
            agency=data.agencies["S"], channel="exchange",
            registered_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
            data=IncomingData(number_symbol=number, document_date=day, arrival_date=day,
                              doc_type=doc_type(code, category),
                              summary=summary, issuer_name="Ủy ban nhân dân tỉnh"))

    bulk.documents_import(actor=None, incoming=[
        received("QĐ", "legal", "21/2017/QĐ-UBND", "2017-10-24",
                 "Ban hành Quy định về quản lý hoạt động thông tin đối ngoại"),
        received("Công văn", "administrative", "77/UBND-VX", "2017-10-25", "Về việc họp"),
    ])
    template = ("@trích yếu: Báo cáo năm {{ year }}\n# Kết quả\nNội dung.\n"
                "@phụ lục: Các văn bản chỉ đạo, điều hành năm {{ year }} | QĐ, CT\n")
    built = report.build_annual(year=2017, agency=data.agencies["S"], template=template)
    word = docx.Document(io.BytesIO(report.report_docx(built)))
    text = text_of(word)
    assert "PHỤ LỤC" in text and "Các văn bản chỉ đạo, điều hành năm 2017" in text
    assert "Quyết định số 21/2017/QĐ-UBND ngày 24/10/2017" in text
    assert "77/UBND-VX" not in text
    with pytest.raises(ValidationError) as caught:
        report.build_annual(year=2017, agency=data.agencies["S"],
                            template="@phụ lục: Văn bản | XYZ\n")
    assert "dòng 1" in caught.value.messages[0]
