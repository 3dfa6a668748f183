import pytest
from django.core.exceptions import ValidationError

from egov.procedures.forms import check_definition, clean_answers

FORM = [
    {"name": "name", "label": "Họ tên", "type": "text", "required": True, "max_length": 20},
    {"name": "copies", "label": "Số lượng", "type": "number", "required": True, "min": 1,
     "max": 100},
    {"name": "held_on", "label": "Ngày", "type": "date"},
    {"name": "phone", "label": "Điện thoại", "type": "phone", "required": True},
    {"name": "cccd", "label": "CCCD", "type": "citizen_id"},
    {"name": "kind", "label": "Loại", "type": "choice", "choices": ["Mới", "Cấp lại"]},
    {"name": "agree", "label": "Cam kết", "type": "checkbox"},
]


def test_definition_is_accepted():
    assert check_definition(FORM) == FORM


@pytest.mark.parametrize(
    "bad",
    [
        "not a list",
        [{"name": "a", "label": "A", "type": "rainbow"}],
        [{"name": "a", "label": "A", "type": "text"}, {"name": "a", "label": "B", "type": "text"}],
        [{"name": "a", "label": "", "type": "text"}],
        [{"name": "a", "label": "A", "type": "text", "colour": "red"}],
        [{"name": "a", "label": "A", "type": "text", "pattern": "("}],
        ["a string"],
    ],
)
def test_bad_definitions(bad):
    with pytest.raises(ValidationError):
        check_definition(bad)


def test_answers_are_cleaned():
    cleaned = clean_answers(FORM, {
        "name": " Nguyễn Văn An ", "copies": "10", "held_on": "03/11/2017",
        "phone": "+84 912 345 678", "cccd": "084090000123", "kind": "Mới", "agree": "on",
    })
    assert cleaned == {
        "name": "Nguyễn Văn An", "copies": 10, "held_on": "2017-11-03",
        "phone": "0912345678", "cccd": "084090000123", "kind": "Mới", "agree": True,
    }


def test_numbers_accept_vietnamese_thousands_separators():
    form = [{"name": "n", "label": "N", "type": "number"}]
    assert clean_answers(form, {"n": "1.000.000"}) == {"n": 1000000}


def test_each_wrong_answer_is_named():
    with pytest.raises(ValidationError) as caught:
        clean_answers(FORM, {"name": "x" * 21, "copies": "0", "held_on": "2017-13-01",
                             "phone": "12345", "cccd": "999", "kind": "Khác", "extra": "1"})
    assert set(caught.value.message_dict) == {
        "name", "copies", "held_on", "phone", "cccd", "kind", "extra"
    }


def test_required_answers():
    with pytest.raises(ValidationError) as caught:
        clean_answers(FORM, {})
    assert set(caught.value.message_dict) == {"name", "copies", "phone"}
