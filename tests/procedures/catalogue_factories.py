"""Valid catalogue data for tests; each test overrides what it checks."""


def make_version(**overrides):
    """A valid version record; tests override what they check."""
    data = {
        "valid_from": "2017-01-01",
        "name": "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "old_level": 3,
        "online_level": "mot_phan",
        "time_limit_days": 10,
        "fee": 0,
        "charge": 0,
        "result_name": "Giấy phép xuất bản tài liệu không kinh doanh",
        "form": [
            {"name": "title", "label": "Tên tài liệu", "type": "text", "required": True},
            {"name": "copies", "label": "Số lượng", "type": "number", "required": True,
             "min": 1},
        ],
        "legal_basis": [{"document": "Luật Xuất bản 2012", "effective": "2013-07-01"}],
        "papers": [{"name": "Đơn đề nghị", "originals": 1, "copies": 0},
                   {"name": "Bản thảo", "originals": 2, "copies": 0}],
        "steps": [
            {"name": "Tiếp nhận", "role": "desk_officer", "unit": "VP", "days": "0.5"},
            {"name": "Thẩm định", "role": "specialist", "unit": "TTBCXB", "days": "8"},
            {"name": "Trình ký", "role": "head_of_unit", "unit": "TTBCXB", "days": "1"},
            {"name": "Ký", "role": "director", "days": "0.5"},
        ],
    }
    data.update(overrides)
    return data
