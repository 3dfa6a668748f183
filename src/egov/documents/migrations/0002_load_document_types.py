"""The document types and their abbreviations, as the law had them when this was written.

Administrative documents: Decree 30/2020/NĐ-CP, Art. 7 (29 types, in its order) and
Appendix III (abbreviations). Two abbreviations differ between sources: the memorandum
(bản ghi nhớ) is GN and the agreement (bản thỏa thuận) TTh here, the values of
Appendix III as carried over from Circular 01/2011/TT-BNV; several document systems use
BGN and BTT instead, which are kept as aliases so that symbols from those systems are
still read as the right type. Công văn and thư công carry no abbreviation. The case of
QyĐ, CTr, TTr and TrS is the law's.

Legal normative documents: Law 80/2015/QH13, Art. 4, with the abbreviations their
symbols use (49/2017/NĐ-CP). Party documents: the types of the Party's Regulation
66-QĐ/TW (2017) met in a department's incoming register (24-CT/TU, 47-KH/TU).
Copies: sao y (SY), trích sao (TrS), sao lục (SL), Decree 30/2020, Appendix III.

The rows are written out here, not imported from the app, so that this migration keeps
doing what it did when the app's data changes.
"""

from django.db import migrations

# (category, ordinal, code, name, aliases)
TYPES = [
    ("administrative", 1, "NQ", "Nghị quyết", []),
    ("administrative", 2, "QĐ", "Quyết định", []),
    ("administrative", 3, "CT", "Chỉ thị", []),
    ("administrative", 4, "QC", "Quy chế", []),
    ("administrative", 5, "QyĐ", "Quy định", []),
    ("administrative", 6, "TC", "Thông cáo", []),
    ("administrative", 7, "TB", "Thông báo", []),
    ("administrative", 8, "HD", "Hướng dẫn", []),
    ("administrative", 9, "CTr", "Chương trình", []),
    ("administrative", 10, "KH", "Kế hoạch", []),
    ("administrative", 11, "PA", "Phương án", []),
    ("administrative", 12, "ĐA", "Đề án", []),
    ("administrative", 13, "DA", "Dự án", []),
    ("administrative", 14, "BC", "Báo cáo", []),
    ("administrative", 15, "BB", "Biên bản", []),
    ("administrative", 16, "TTr", "Tờ trình", []),
    ("administrative", 17, "HĐ", "Hợp đồng", []),
    ("administrative", 18, "", "Công văn", []),
    ("administrative", 19, "CĐ", "Công điện", []),
    ("administrative", 20, "GN", "Bản ghi nhớ", ["BGN"]),
    ("administrative", 21, "TTh", "Bản thỏa thuận", ["BTT"]),
    ("administrative", 22, "GUQ", "Giấy ủy quyền", []),
    ("administrative", 23, "GM", "Giấy mời", []),
    ("administrative", 24, "GGT", "Giấy giới thiệu", []),
    ("administrative", 25, "GNP", "Giấy nghỉ phép", []),
    ("administrative", 26, "PG", "Phiếu gửi", []),
    ("administrative", 27, "PC", "Phiếu chuyển", []),
    ("administrative", 28, "PB", "Phiếu báo", []),
    ("administrative", 29, "", "Thư công", []),
    ("legal", 1, "", "Hiến pháp", []),
    ("legal", 2, "", "Bộ luật", []),
    ("legal", 3, "", "Luật", []),
    ("legal", 4, "NQ", "Nghị quyết", []),
    ("legal", 5, "", "Pháp lệnh", []),
    ("legal", 6, "L", "Lệnh", []),
    ("legal", 7, "QĐ", "Quyết định", []),
    ("legal", 8, "NĐ", "Nghị định", []),
    ("legal", 9, "TT", "Thông tư", []),
    ("legal", 10, "TTLT", "Thông tư liên tịch", []),
    ("legal", 11, "NQLT", "Nghị quyết liên tịch", []),
    ("party", 1, "NQ", "Nghị quyết", []),
    ("party", 2, "QĐ", "Quyết định", []),
    ("party", 3, "CT", "Chỉ thị", []),
    ("party", 4, "KL", "Kết luận", []),
    ("party", 5, "QC", "Quy chế", []),
    ("party", 6, "QĐi", "Quy định", []),
    ("party", 7, "TT", "Thông tri", []),
    ("party", 8, "HD", "Hướng dẫn", []),
    ("party", 9, "BC", "Báo cáo", []),
    ("party", 10, "KH", "Kế hoạch", []),
    ("party", 11, "CTr", "Chương trình", []),
    ("party", 12, "TB", "Thông báo", []),
    ("party", 13, "TTr", "Tờ trình", []),
    ("party", 14, "CV", "Công văn", []),
    ("party", 15, "BB", "Biên bản", []),
    ("copy", 1, "SY", "Bản sao y", []),
    ("copy", 2, "TrS", "Bản trích sao", []),
    ("copy", 3, "SL", "Bản sao lục", []),
]


def load(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    DocumentType.objects.bulk_create([
        DocumentType(category=category, ordinal=ordinal, code=code, name=name, aliases=aliases)
        for category, ordinal, code, name, aliases in TYPES
    ])


def unload(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_document_types_and_registers")]
    operations = [migrations.RunPython(load, unload)]
