"""`egov workdays`: counting, listing and declaring from the command line; bad input
exits with code 2 and a clear message."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from egov.core.calendar.models import CalendarDay
from egov.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def workdays(*args: str) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def failure(*args: str) -> CommandError:
    with pytest.raises(CommandError) as exc:
        workdays(*args)
    return exc.value


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("start", ["2018-02-09", "09/02/2018", " 9/2/2018 "])
def test_add_crosses_tet_2018(start):
    assert workdays("add", start, "5") == "2018-02-23\n"


def test_add_zero_days_is_the_day_itself():
    assert workdays("add", "2018-02-10", "0") == "2018-02-10\n"


def test_between_counts_and_is_negative_backwards():
    assert workdays("between", "2018-02-09", "23/02/2018") == "5\n"
    assert workdays("between", "2018-02-23", "2018-02-09") == "-5\n"


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2018-02-30", "5"),
         "“2018-02-30” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY."),
        (("add", "hôm nay", "5"),
         "“hôm nay” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY."),
        (("add", "2018-02-09", "-1"),
         "“-1” is not a number of days; give a whole number, 0 or more."),
        (("add", "2018-02-09", "5.5"),
         "“5.5” is not a number of days; give a whole number, 0 or more."),
        (("add", "2018-02-09", "五"),
         "“五” is not a number of days; give a whole number, 0 or more."),
        (("add", "1999-12-31", "5"), "The working-day calendar covers the years 2000 to 2100."),
        (("between", "2018-02-09", "2018/02/23"),
         "“2018/02/23” is not a date; write it as YYYY-MM-DD or DD/MM/YYYY."),
        (("list", "năm"), "“năm” is not a year."),
        (("list", "1990"), "The working-day calendar covers the years 2000 to 2100."),
        (("declare", "2018-02-16", "--off", "--name", "Nghỉ"),
         "Friday 16/02/2018 is already a public holiday (Lunar New Year); declaring it a day "
         "off changes nothing."),
        (("declare", "2018-03-05", "--working", "--name", "Làm bù"),
         "Monday 05/03/2018 is already a working day; only a Saturday or Sunday can be "
         "declared a make-up working day."),
        (("declare", "2018-03-12", "--off", "--name", " "), "This field cannot be blank."),
        (("remove", "2018-03-12"), "Nothing is declared on 12/03/2018."),
    ],
)
def test_bad_input_exits_with_code_2(args, message):
    error = failure(*args)
    assert (error.returncode, str(error)) == (2, message)
    assert not CalendarDay.objects.exists()


def test_messages_in_vietnamese():
    with translation.override("vi"):
        assert str(failure("add", "2018-02-30", "5")) == (
            "“2018-02-30” không phải là ngày; hãy viết theo dạng YYYY-MM-DD hoặc DD/MM/YYYY."
        )
        assert str(failure("declare", "2018-02-16", "--off", "--name", "Nghỉ")) == (
            "Thứ 6 16/02/2018 đã là ngày nghỉ lễ (Tết Nguyên Đán); khai báo ngày nghỉ không "
            "thay đổi gì."
        )


def test_declare_list_and_remove(english):
    out = workdays("declare", "2018-03-10", "--working", "--name", "Làm bù của tỉnh",
                   "--legal-basis", "Công văn 1/UBND-NC")
    assert out == "Declared: 10/03/2018 Make-up working day: Làm bù của tỉnh\n"
    day = CalendarDay.objects.get()
    assert (day.date, day.kind, day.legal_basis, day.created_by) == (
        dt.date(2018, 3, 10), CalendarDay.Kind.WORKING_DAY, "Công văn 1/UBND-NC", None,
    )
    assert AuditEntry.objects.get().actor_label == "system"
    assert workdays("add", "2018-03-09", "1") == "2018-03-10\n"

    listing = workdays("list", "2018").splitlines()
    assert listing[0] == "2018-01-01  Monday     day off     New Year's Day  [law]"
    assert "2018-03-10  Saturday   working     Làm bù của tỉnh  [declared]" in listing
    assert "2018-02-14  Wednesday  day off     29 of Lunar New Year  [law]" in listing
    assert len(listing) == 15  # 14 holidays and the declared day

    assert workdays("remove", "10/03/2018") == (
        "Removed: 10/03/2018 Make-up working day: Làm bù của tỉnh\n"
    )
    assert not CalendarDay.objects.exists()
    assert workdays("add", "2018-03-09", "1") == "2018-03-12\n"


def test_declare_off(english):
    workdays("declare", "12/02/2018", "--off", "--name", "Nghỉ")
    assert workdays("add", "2018-02-09", "5") == "2018-02-26\n"


def test_load_official_is_idempotent(english):
    assert workdays("load-official") == "Official days declared: 2, already present: 0.\n"
    assert workdays("load-official") == "Official days declared: 0, already present: 2.\n"
    assert workdays("add", "2025-12-31", "1") == "2026-01-05\n"


def test_declare_needs_a_kind():
    error = failure("declare", "2018-03-10", "--name", "Làm bù")
    assert "one of the arguments --off --working is required" in str(error)
