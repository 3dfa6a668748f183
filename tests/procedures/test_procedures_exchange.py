import io
import json

import pytest
from catalogue_factories import make_version
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from egov.procedures import services, xlsx
from egov.procedures.models import Procedure, ProcedureVersion


def _record(code="1.003868", **version):
    return {"code": code, "agency": "000.00.31.H59", "field": {"code": "XB", "name": "Xuất bản"},
            "versions": [make_version(**version)]}


def test_json_import_is_idempotent(stttt):
    records = [_record(), _record("1.000002", name="Thủ tục khác")]
    assert services.catalogue_import(actor=None, records=records) == {
        "procedures": 2, "versions": 2, "unchanged": 0}
    assert services.catalogue_import(actor=None, records=records) == {
        "procedures": 0, "versions": 0, "unchanged": 2}


def test_import_publishes_new_versions(stttt):
    services.catalogue_import(actor=None, records=[_record()])
    newer = _record()
    newer["versions"].append(make_version(valid_from="2025-07-01"))
    assert services.catalogue_import(actor=None, records=[newer])["versions"] == 1
    assert Procedure.objects.get().versions.count() == 2


def test_a_changed_old_version_is_refused(stttt):
    services.catalogue_import(actor=None, records=[_record()])
    with pytest.raises(ValidationError) as caught:
        services.catalogue_import(actor=None, records=[_record(time_limit_days=5, steps=[])])
    assert "khác với phiên bản đã có trong danh mục" in caught.value.messages[0]


def test_a_bad_record_keeps_nothing_of_the_file(stttt):
    records = [_record(), _record("1.000002", old_level=9), {"code": "1.000003", "agency": "x"}]
    with pytest.raises(ValidationError) as caught:
        services.catalogue_import(actor=None, records=records)
    messages = caught.value.messages
    assert messages[0].startswith("2 1.000002: old_level")
    assert messages[1].startswith("3 1.000003: agency")
    assert Procedure.objects.count() == 0
    assert ProcedureVersion.objects.count() == 0


def test_xlsx_round_trip(procedure):
    records = [services.procedure_record(procedure)]
    content = xlsx.export_workbook(records)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Thủ tục", "Thành phần hồ sơ", "Quy trình"]
    back = xlsx.read_workbook(content)
    assert back[0]["code"] == "1.003868"
    assert services._comparable(back[0]["versions"][0]) == services._comparable(
        records[0]["versions"][0])


def test_xlsx_errors_name_sheet_and_row(procedure):
    content = xlsx.export_workbook([services.procedure_record(procedure)])
    book = load_workbook(io.BytesIO(content))
    book["Quy trình"]["A3"] = "9.999999"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError) as caught:
        xlsx.read_workbook(out.getvalue())
    assert caught.value.messages == [
        "Trang Quy trình, dòng 3: không có phiên bản thủ tục 9.999999 hiệu lực từ 2017-01-01 "
        "trong trang Thủ tục."
    ]
    with pytest.raises(ValidationError):
        xlsx.read_workbook(b"PK not really a workbook")


def test_cli_export_and_import(procedure, tmp_path):
    out = tmp_path / "catalogue.json"
    call_command("catalogue", "export", "--out", str(out))
    data = json.loads(out.read_text())
    assert [r["code"] for r in data] == ["1.003868"]
    xlsx_out = tmp_path / "catalogue.xlsx"
    call_command("catalogue", "export", "--out", str(xlsx_out))
    call_command("catalogue", "import", str(xlsx_out))
    bad = tmp_path / "bad.json"
    bad.write_text("[{")
    with pytest.raises(CommandError) as caught:
        call_command("catalogue", "import", str(bad))
    assert caught.value.returncode == 2
