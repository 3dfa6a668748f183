"""The audit trail: what an entry holds, and that `egov audit verify` names the first
entry that was altered, removed or inserted."""

from __future__ import annotations

import datetime as dt
import decimal
import os
import subprocess
import sys
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from egov.core import audit, context, numbering
from egov.core.context import acting_as
from egov.core.middleware import RequestContextMiddleware
from egov.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_vietnamese():
    # The platform's default language. Django's locale middleware leaves the language of
    # a test's last request active in this thread, so do not inherit it.
    with translation.override("vi"):
        yield


def make_user(username: str = "chuyenvien", full_name: str = "Nguyễn Văn An"):
    return get_user_model().objects.create_user(
        username=username, full_name=full_name, password="Mật-khẩu-dài-2017"
    )


def record_entries(count: int, actor=None) -> list[AuditEntry]:
    target = actor or make_user(f"target{AuditEntry.objects.count()}")
    return [
        audit.record("tests.thing.change", target, actor=actor,
                     before={"step": n}, after={"step": n + 1})
        for n in range(count)
    ]


def verify_message() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    assert caught.value.returncode == 1
    return str(caught.value)


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


class TestRecord:
    def test_entry_holds_actor_action_object_before_after_time_and_ip(self):
        official = make_user("giamdoc", "Trần Thị Bình")
        target = make_user("nguoidan", "Lê Văn Cường")
        with acting_as(official, "203.113.131.4"):
            entry = audit.record("accounts.user.update", target,
                                 before={"full_name": "Lê Văn C"},
                                 after={"full_name": "Lê Văn Cường"})
        entry.refresh_from_db()
        assert entry.sequence == 1
        assert entry.actor_id == official.pk
        assert entry.actor_label == "Trần Thị Bình"
        assert entry.action == "accounts.user.update"
        assert entry.object_type == "accounts.user"
        assert entry.object_id == str(target.pk)
        assert entry.object_label == "Lê Văn Cường"
        assert entry.before == {"full_name": "Lê Văn C"}
        assert entry.after == {"full_name": "Lê Văn Cường"}
        assert entry.ip_address == "203.113.131.4"
        assert entry.previous_hash == audit.GENESIS_HASH
        assert abs(entry.created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=10)

    def test_explicit_actor_wins_over_the_request_context(self):
        official, other = make_user("a1"), make_user("a2", "Phạm Thị Dung")
        with acting_as(official, "10.0.0.1"):
            entry = audit.record("tests.thing.change", other, actor=other)
        assert entry.actor_id == other.pk
        assert entry.actor_label == "Phạm Thị Dung"
        assert entry.ip_address == "10.0.0.1"

    def test_without_a_user_the_actor_is_the_system(self):
        entry = audit.record("tests.thing.change", make_user())
        assert (entry.actor_id, entry.actor_label, entry.ip_address) == (None, "system", None)

    def test_an_anonymous_visitor_is_recorded_as_no_one(self):
        with acting_as(AnonymousUser(), "127.0.0.1"):
            entry = audit.record("tests.thing.change", make_user())
        assert (entry.actor_id, entry.actor_label) == (None, "system")

    def test_entries_are_chained_in_order(self):
        first, second, third = record_entries(3)
        assert [e.sequence for e in (first, second, third)] == [1, 2, 3]
        assert second.previous_hash == first.entry_hash
        assert third.previous_hash == second.entry_hash
        head = AuditChainHead.objects.get()
        assert (head.sequence, head.last_hash) == (3, third.entry_hash)

    def test_a_rolled_back_service_leaves_no_entry_and_no_hole(self):
        record_entries(1)
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.record("tests.thing.change", make_user("x"))
            raise RuntimeError("the service failed after recording")
        record_entries(1)
        assert list(AuditEntry.objects.values_list("sequence", flat=True)) == [1, 2]
        assert audit.verify_chain() is None

    def test_an_ipv6_address_is_hashed_as_stored(self):
        with acting_as(None, "2001:0DB8:0000::0001"):
            entry = audit.record("tests.thing.change", make_user())
        entry.refresh_from_db()
        assert entry.ip_address == "2001:db8::1"
        assert audit.verify_chain() is None

    def test_values_that_json_cannot_hold_are_stored_as_text(self):
        when = dt.datetime(2017, 11, 3, 8, 30, tzinfo=dt.UTC)
        entry = audit.record("tests.thing.change", make_user(), after={
            "fee": decimal.Decimal("4000000.00"), "at": when, "on": dt.date(2017, 1, 1),
            "ratio": 3.13, "tags": ("a", "b"), 7: None,
        })
        entry.refresh_from_db()
        assert entry.after == {
            "fee": "4000000.00", "at": "2017-11-03T08:30:00+00:00", "on": "2017-01-01",
            "ratio": "3.13", "tags": ["a", "b"], "7": None,
        }
        assert audit.verify_chain() is None

    def test_a_long_label_is_cut_to_its_column_before_hashing(self):
        user = make_user("dai", "Đ" * 150)
        audit.record("tests.thing.change", user, actor=user, object_label="Ồ" * 400)
        entry = AuditEntry.objects.get()
        assert (entry.actor_label, entry.object_label) == ("Đ" * 150, "Ồ" * 300)
        assert audit.verify_chain() is None


class TestSnapshot:
    def test_snapshot_has_the_concrete_fields_without_secrets(self):
        user = make_user()
        snap = audit.snapshot(user)
        assert snap["username"] == "chuyenvien"
        assert snap["full_name"] == "Nguyễn Văn An"
        assert snap["id"] == user.pk
        assert "password" not in snap
        assert "totp_secret" not in snap
        assert snap["date_joined"] == user.date_joined.isoformat()

    def test_snapshot_of_named_fields(self):
        assert audit.snapshot(make_user(), ["username", "kind"]) == {
            "username": "chuyenvien", "kind": "citizen",
        }


class TestVerify:
    def test_an_empty_trail_is_intact(self, capsys):
        call_command("audit", "verify")
        assert "0" in capsys.readouterr().out
        assert audit.verify_chain() is None

    def test_an_intact_trail_reports_its_size_and_last_hash(self, capsys):
        entries = record_entries(5)
        with translation.override("en"):
            call_command("audit", "verify")
        out = capsys.readouterr().out
        assert f"Audit trail intact: 5 entries, last hash {entries[-1].entry_hash}." in out

    def test_the_command_speaks_vietnamese_by_default(self):
        record_entries(3)
        sql("UPDATE core_auditentry SET action = 'x' WHERE sequence = 2")
        message = verify_message()
        assert message.startswith("Nhật ký thay đổi bị phá vỡ tại mục #2:")

    @pytest.mark.parametrize(
        ("column", "value"),
        [
            ("action", "accounts.user.delete"),
            ("object_label", "Người khác"),
            ("actor_label", "Kẻ giả mạo"),
            ("object_id", "999"),
            ("ip_address", "192.0.2.1"),
            ("created_at", "2016-01-01 00:00:00+00:00"),
        ],
    )
    def test_altering_a_column_names_that_entry(self, column, value):
        record_entries(5)
        sql(f"UPDATE core_auditentry SET {column} = %s WHERE sequence = 3", [value])
        assert audit.verify_chain() == audit.ChainBreak(3, audit.ALTERED)
        with translation.override("en"):
            assert verify_message() == (
                "Audit trail broken at entry #3: the entry does not match its hash: "
                "it was altered, or forged and inserted."
            )

    def test_altering_the_before_and_after_values_names_that_entry(self):
        record_entries(4)
        entry = AuditEntry.objects.get(sequence=2)
        entry.after = {"step": 1000}
        entry.save(update_fields=["after"])
        assert audit.verify_chain() == audit.ChainBreak(2, audit.ALTERED)

    def test_rehashing_an_altered_entry_without_the_key_breaks_the_next_link(self):
        entries = record_entries(4)
        forged = "f" * 64
        sql("UPDATE core_auditentry SET action = 'x', entry_hash = %s WHERE sequence = 2",
            [forged])
        assert entries[2].previous_hash != forged
        assert audit.verify_chain() == audit.ChainBreak(2, audit.ALTERED)

    def test_a_rehash_with_the_key_is_still_caught_by_the_next_link(self):
        record_entries(4)
        entry = AuditEntry.objects.get(sequence=2)
        entry.action = "x"
        entry.entry_hash = audit.compute_hash(entry)
        entry.save()
        assert audit.verify_chain() == audit.ChainBreak(3, audit.NOT_LINKED)

    def test_deleting_an_entry_in_the_middle_names_it(self):
        record_entries(5)
        sql("DELETE FROM core_auditentry WHERE sequence = 3")
        assert audit.verify_chain() == audit.ChainBreak(3, audit.REMOVED)
        assert "#3" in verify_message()

    def test_deleting_the_first_entry_names_it(self):
        record_entries(3)
        sql("DELETE FROM core_auditentry WHERE sequence = 1")
        assert audit.verify_chain() == audit.ChainBreak(1, audit.REMOVED)

    def test_deleting_the_last_entry_names_it(self):
        record_entries(5)
        sql("DELETE FROM core_auditentry WHERE sequence = 5")
        assert audit.verify_chain() == audit.ChainBreak(5, audit.REMOVED_AT_END)
        assert "#5" in verify_message()

    def test_deleting_the_last_entries_and_moving_the_head_back_is_caught_by_the_hash(self):
        entries = record_entries(5)
        sql("DELETE FROM core_auditentry WHERE sequence >= 4")
        sql("UPDATE core_auditchainhead SET sequence = 3")
        assert audit.verify_chain() == audit.ChainBreak(3, audit.HEAD_MISMATCH)
        # ... unless the forger also writes the hash back: then only the hash printed
        # by an earlier verify, kept outside the database, shows the cut.
        sql("UPDATE core_auditchainhead SET last_hash = %s", [entries[2].entry_hash])
        assert audit.verify_chain() is None

    def test_a_row_inserted_after_the_end_names_it(self):
        entries = record_entries(3)
        sql(
            "INSERT INTO core_auditentry (sequence, created_at, actor_label, action, "
            "object_type, object_id, object_label, previous_hash, entry_hash) "
            "VALUES (4, %s, 'Kẻ giả mạo', 'accounts.user.update', 'accounts.user', '1', "
            "'x', %s, %s)",
            [dt.datetime.now(dt.UTC), entries[-1].entry_hash, "e" * 64],
        )
        assert audit.verify_chain() == audit.ChainBreak(4, audit.INSERTED)
        assert "#4" in verify_message()

    def test_a_row_inserted_past_a_gap_after_the_end_names_it(self):
        record_entries(3)
        sql(
            "INSERT INTO core_auditentry (sequence, created_at, actor_label, action, "
            "object_type, object_id, object_label, previous_hash, entry_hash) "
            "VALUES (9, %s, '', 'x', '', '', '', %s, %s)",
            [dt.datetime.now(dt.UTC), "a" * 64, "b" * 64],
        )
        assert audit.verify_chain() == audit.ChainBreak(9, audit.INSERTED)

    def test_a_row_forged_before_the_first_names_it(self):
        record_entries(2)
        sql(
            "INSERT INTO core_auditentry (sequence, created_at, actor_label, action, "
            "object_type, object_id, object_label, previous_hash, entry_hash) "
            "VALUES (0, %s, '', 'x', '', '', '', %s, %s)",
            [dt.datetime.now(dt.UTC), audit.GENESIS_HASH, "c" * 64],
        )
        assert audit.verify_chain() == audit.ChainBreak(0, audit.INSERTED)

    def test_a_row_inserted_in_the_middle_by_renumbering_names_it(self):
        entries = record_entries(4)
        # Make room at 3 (highest first: the column is unique) and slip a row in.
        for sequence in (4, 3):
            sql("UPDATE core_auditentry SET sequence = %s WHERE sequence = %s",
                [sequence + 1, sequence])
        sql("UPDATE core_auditchainhead SET sequence = 5")
        sql(
            "INSERT INTO core_auditentry (sequence, created_at, actor_label, action, "
            "object_type, object_id, object_label, previous_hash, entry_hash) "
            "VALUES (3, %s, '', 'x', '', '', '', %s, %s)",
            [dt.datetime.now(dt.UTC), entries[1].entry_hash, "d" * 64],
        )
        assert audit.verify_chain() == audit.ChainBreak(3, audit.ALTERED)

    def test_a_broken_chain_is_found_across_batches(self):
        record_entries(12)
        sql("UPDATE core_auditentry SET action = 'x' WHERE sequence = 11")
        assert audit.verify_chain(batch_size=5) == audit.ChainBreak(11, audit.ALTERED)

    def test_another_key_fails_the_first_entry(self, settings):
        record_entries(2)
        settings.EGOV_AUDIT_KEY = "another key"
        assert audit.verify_chain() == audit.ChainBreak(1, audit.ALTERED)

    def test_a_real_service_writes_an_entry_that_verifies(self):
        official = make_user()
        issued = numbering.next_number("tests.register", "2017", actor=official)
        numbering.void_number(issued, reason="Văn bản bị hủy", actor=official)
        entry = AuditEntry.objects.get()
        assert entry.action == "core.number.void"
        assert entry.before["void_reason"] == ""
        assert entry.after["void_reason"] == "Văn bản bị hủy"
        assert audit.verify_chain() is None


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_egov_command_exits_non_zero_naming_the_tampered_entry():
    record_entries(4)
    env = {**os.environ, "DATABASE_URL": _database_url()}
    command = [sys.executable, "-m", "egov", "audit", "verify"]
    intact = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert intact.returncode == 0, intact.stderr
    assert "4" in intact.stdout

    sql("UPDATE core_auditentry SET object_label = 'Đã sửa' WHERE sequence = 2")
    broken = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert broken.returncode == 1
    assert "#2" in broken.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_valid_chain():
    writers, per_writer = 10, 5
    target = make_user()
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            for n in range(per_writer):
                with transaction.atomic():
                    audit.record("tests.thing.change", target, after={"n": n})
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = writers * per_writer
    assert list(AuditEntry.objects.values_list("sequence", flat=True)) == list(
        range(1, total + 1)
    )
    assert audit.verify_chain() is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_verifying_while_services_write_finds_no_false_break():
    target = make_user()
    record_entries(20)
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    audit.record("tests.thing.change", target)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        results = [audit.verify_chain(batch_size=7) for _ in range(15)]
    finally:
        stop.set()
        writer.join()
    assert errors == []
    assert results == [None] * 15
    assert AuditEntry.objects.count() > 20


class TestRequestContext:
    """A web request names its user and address in the entries its services write."""

    def run_request(self, user, **meta):

        def view(request):
            audit.record("tests.thing.change", make_user("target"))
            return HttpResponse("ok")

        request = RequestFactory().post("/anything/", **meta)
        request.user = user
        RequestContextMiddleware(view)(request)
        return AuditEntry.objects.get()

    def test_the_logged_in_user_and_the_peer_address_are_recorded(self):
        official = make_user("giamdoc", "Trần Văn Dũng")
        entry = self.run_request(official, REMOTE_ADDR="203.113.131.4")
        assert (entry.actor_id, entry.actor_label, entry.ip_address) == (
            official.pk, "Trần Văn Dũng", "203.113.131.4",
        )

    def test_a_forwarded_for_header_is_not_believed(self):
        entry = self.run_request(make_user(), REMOTE_ADDR="10.0.0.10",
                                 HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert entry.ip_address == "10.0.0.10"

    def test_an_anonymous_request_records_no_actor(self):
        entry = self.run_request(AnonymousUser(), REMOTE_ADDR="203.113.131.4")
        assert (entry.actor_id, entry.actor_label, entry.ip_address) == (
            None, "system", "203.113.131.4",
        )

    def test_the_context_ends_with_the_request(self):
        self.run_request(make_user(), REMOTE_ADDR="203.113.131.4")
        assert context.current() == context.RequestContext()
