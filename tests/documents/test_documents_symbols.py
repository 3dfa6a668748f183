"""Number and symbol (số, ký hiệu) built and read as Decree 30/2020, Appendix I writes them,
and the document types of Art. 7 / Appendix III as loaded by migration."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from egov.documents import selectors, symbols
from egov.documents.models import DocumentType
from egov.documents.symbols import Form, NumberSymbol

CODES = {"BC", "QĐ", "NĐ", "TTr", "QyĐ", "CTr", "CT", "KH", "TB", "GN", "BGN", "TTh", "BTT"}


class TestBuild:
    def test_the_report_of_the_department(self):
        built = symbols.build(1407, type_code="BC", issuer="STTTT", unit="VP")
        assert built.text == "1407/BC-STTTT-VP"
        assert symbols.display(built) == "Số: 1407/BC-STTTT-VP"
        assert (built.number_text, built.symbol, built.form) == (
            "1407", "BC-STTTT-VP", Form.ADMINISTRATIVE)

    def test_an_official_letter_has_no_type(self):
        assert str(symbols.build(943, issuer="STTTT", unit="BCVT")) == "943/STTTT-BCVT"

    @pytest.mark.parametrize(("number", "expected"), [(1, "01"), (9, "09"), (10, "10"),
                                                      (100, "100")])
    def test_a_leading_zero_below_ten(self, number, expected):
        assert symbols.build(number, type_code="QĐ", issuer="STTTT").text == (
            f"{expected}/QĐ-STTTT")

    @pytest.mark.parametrize("code", ["QyĐ", "CTr", "TTr"])
    def test_mixed_case_codes_keep_their_case(self, code):
        assert symbols.build(5, type_code=code, issuer="STTTT", unit="VP").text == (
            f"05/{code}-STTTT-VP")

    def test_legal_normative_documents_carry_the_year(self):
        assert symbols.build(21, type_code="QĐ", issuer="UBND", year=2017).text == (
            "21/2017/QĐ-UBND")

    @pytest.mark.parametrize("number", [0, -1, 1.5, True, "5"])
    def test_numbers_are_whole_and_positive(self, number):
        with pytest.raises(ValueError, match="whole number from 1"):
            symbols.build(number, issuer="STTTT")

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"issuer": "Sở TT"}, "issuer"), ({"issuer": ""}, "issuer"),
        ({"issuer": "STTTT", "unit": "V-P"}, "unit"),
        ({"issuer": "STTTT", "type_code": "B C"}, "type_code"),
        ({"issuer": "STTTT", "year": 17}, "year"),
    ])
    def test_groups_with_spaces_or_hyphens_are_refused(self, kwargs, field):
        with pytest.raises(ValidationError) as caught:
            symbols.build(5, **kwargs)
        assert list(caught.value.message_dict) == [field]

    def test_decomposed_input_is_composed(self):
        decomposed = unicodedata.normalize("NFD", "QĐ")
        assert symbols.build(2, type_code=decomposed, issuer="STTTT").text == "02/QĐ-STTTT"


class TestParse:
    @pytest.mark.parametrize(("text", "expected"), [
        ("Số: 1407/BC-STTTT-VP", NumberSymbol(1407, Form.ADMINISTRATIVE, "BC", "STTTT",
                                              ("VP",))),
        ("943/STTTT-BCVT", NumberSymbol(943, Form.ADMINISTRATIVE, "", "STTTT", ("BCVT",))),
        ("123/VNCERT-DPUJC", NumberSymbol(123, Form.ADMINISTRATIVE, "", "VNCERT", ("DPUJC",))),
        ("2058/QĐ-UBND", NumberSymbol(2058, Form.ADMINISTRATIVE, "QĐ", "UBND")),
        ("49/2017/NĐ-CP", NumberSymbol(49, Form.LEGAL, "NĐ", "CP", year=2017)),
        ("21/2017/QĐ-UBND", NumberSymbol(21, Form.LEGAL, "QĐ", "UBND", year=2017)),
        ("103/2016/QH13", NumberSymbol(103, Form.LEGAL, "", "QH13", year=2016)),
        ("24-CT/TU", NumberSymbol(24, Form.PARTY, "CT", "TU")),
        ("19-TB/TW", NumberSymbol(19, Form.PARTY, "TB", "TW")),
        ("số 05/QyĐ-STTTT", NumberSymbol(5, Form.ADMINISTRATIVE, "QyĐ", "STTTT")),
        ("  07/TTh-STTTT-VP ", NumberSymbol(7, Form.ADMINISTRATIVE, "TTh", "STTTT", ("VP",))),
        ("12/BGN-STTTT", NumberSymbol(12, Form.ADMINISTRATIVE, "BGN", "STTTT")),
        ("30/TT&TT-VP", NumberSymbol(30, Form.ADMINISTRATIVE, "", "TT&TT", ("VP",))),
    ])
    def test_forms_met_in_a_register(self, text, expected):
        parsed = symbols.parse(text, type_codes=CODES)
        assert parsed == expected
        assert parsed.text == text.strip().removeprefix("Số: ").removeprefix("số ")

    def test_a_type_code_that_is_also_the_issuer_is_read_as_the_issuer(self):
        # The provincial Inspectorate's short name is TTr, like a submission (tờ trình).
        letter = symbols.parse("05/TTr-NV1", type_codes=CODES, issuer_hint="TTr")
        assert (letter.type_code, letter.issuer, letter.units) == ("", "TTr", ("NV1",))
        submission = symbols.parse("05/TTr-STTTT", type_codes=CODES, issuer_hint="STTTT")
        assert (submission.type_code, submission.issuer) == ("TTr", "STTTT")

    def test_case_matters(self):
        # "TTR" is not the abbreviation TTr: it is read as the issuing body.
        assert symbols.parse("05/TTR-STTTT", type_codes=CODES).type_code == ""

    @pytest.mark.parametrize(("text", "reason"), [
        ("", "Nhập số và ký hiệu"),
        ("1407 BC-STTTT-VP", "dấu gạch chéo"),
        ("BC/1407-STTTT", "bắt đầu bằng số"),
        ("5/BC-STTTT", "chữ số 0"),
        ("007/BC-STTTT", "chữ số 0"),
        ("0/BC-STTTT", "chữ số 0"),
        ("00/BC-STTTT", "chữ số 0"),
        ("14/BC -STTTT", "không có dấu cách"),
        ("14/BC--STTTT", "nhóm chữ"),
        ("14/BC-STTTT-", "nhóm chữ"),
        ("14/", "nhóm chữ"),
        ("14/0999/NĐ-CP", "nhóm chữ"),
    ])
    def test_what_is_not_a_number_and_symbol_is_named(self, text, reason):
        with pytest.raises(ValidationError) as caught:
            symbols.parse(text, type_codes=CODES)
        [message] = caught.value.message_dict["number_symbol"]
        assert reason in message


@pytest.mark.usefixtures("types_loaded")
class TestDocumentTypes:
    def test_the_29_types_of_decree_30_in_order_with_their_abbreviations(self):
        rows = list(DocumentType.objects.filter(category="administrative")
                    .values_list("ordinal", "code", "name"))
        assert len(rows) == 29
        assert rows[:5] == [(1, "NQ", "Nghị quyết"), (2, "QĐ", "Quyết định"),
                            (3, "CT", "Chỉ thị"), (4, "QC", "Quy chế"), (5, "QyĐ", "Quy định")]
        assert {name: code for _o, code, name in rows} == {
            "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC",
            "Quy định": "QyĐ", "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD",
            "Chương trình": "CTr", "Kế hoạch": "KH", "Phương án": "PA", "Đề án": "ĐA",
            "Dự án": "DA", "Báo cáo": "BC", "Biên bản": "BB", "Tờ trình": "TTr",
            "Hợp đồng": "HĐ", "Công văn": "", "Công điện": "CĐ", "Bản ghi nhớ": "GN",
            "Bản thỏa thuận": "TTh", "Giấy ủy quyền": "GUQ", "Giấy mời": "GM",
            "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP", "Phiếu gửi": "PG",
            "Phiếu chuyển": "PC", "Phiếu báo": "PB", "Thư công": "",
        }

    def test_the_other_systems_abbreviations_are_aliases(self):
        aliases = dict(DocumentType.objects.exclude(aliases=[]).values_list("code", "aliases"))
        assert aliases == {"GN": ["BGN"], "TTh": ["BTT"]}

    def test_copies_keep_their_case(self):
        assert list(DocumentType.objects.filter(category="copy").values_list("code", flat=True)
                    ) == ["SY", "TrS", "SL"]

    def test_type_codes_for_the_parser_include_aliases_and_every_category(self):
        codes = selectors.type_codes()
        assert {"BC", "QyĐ", "BGN", "BTT", "NĐ", "TTLT", "QĐi", "TrS"} <= codes
        assert "" not in codes

    def test_an_official_letter_is_the_administrative_type_without_abbreviation(self,
                                                                                doc_type):
        assert doc_type("Công văn").is_official_letter
        assert not doc_type("BC").is_official_letter
        assert not doc_type("Luật", "legal").is_official_letter
