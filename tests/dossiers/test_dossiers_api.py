"""The dossier API: the whole path through HTTP, Idempotency-Key, errors as JSON,
permissions, files and the public lookup."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from dossier_factories import ANSWERS, APPLICANT, pdf_bytes, png_bytes, received, returned

from egov.dossiers.models import Dossier, DossierRating, Status

URL = "/api/v1/dossiers/"


def apply_body(**overrides):
    return {"procedure": "1.003868", "answers": ANSWERS, **overrides}


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


class TestApply:
    def test_apply_then_retry_with_the_same_key(self, api_as, procedure):
        client = api_as("citizen")
        first = client.post(URL, apply_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        assert first.status_code == 201, first.json()
        body = first.json()
        assert body["status"] == "submitted"
        assert body["code"].startswith("000.00.31.H59-")
        assert body["answers"]["copies"] == 500
        again = client.post(URL, apply_body(), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        assert again.status_code == 200
        assert again.json()["id"] == body["id"]
        other = client.post(URL, apply_body(answers={**ANSWERS, "copies": "600"}),
                            format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        assert other.status_code == 409
        assert other.json()["code"] == "idempotency_key_reused"
        assert Dossier.objects.count() == 1

    def test_without_a_key_each_request_is_a_dossier(self, api_as, procedure):
        client = api_as("citizen")
        codes = {client.post(URL, apply_body(), format="json").json()["code"] for _ in range(2)}
        assert len(codes) == 2

    def test_invalid_answers_are_a_400_by_field_and_nothing_is_saved(self, api_as, procedure):
        response = api_as("citizen").post(URL, apply_body(answers={"copies": "0"}),
                                          format="json", HTTP_IDEMPOTENCY_KEY="k")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert set(body["fields"]) == {"applicant_name", "title", "copies"}
        assert Dossier.objects.count() == 0

    def test_unknown_procedure(self, api_as, procedure):
        response = api_as("citizen").post(URL, apply_body(procedure="9.999"), format="json")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["procedure"]

    def test_a_draft_then_submit(self, api_as, procedure):
        client = api_as("citizen")
        draft = client.post(URL, apply_body(submit=False, answers={"title": "Kỷ yếu"}),
                            format="json").json()
        assert draft["status"] == "draft" and draft["code"] is None
        patched = client.patch(f"{URL}{draft['id']}/", {"answers": ANSWERS}, format="json")
        assert patched.status_code == 200
        stale = client.post(f"{URL}{draft['id']}/submit/", {"expected_revision": 1},
                            format="json")
        assert stale.status_code == 409 and stale.json()["code"] == "stale_revision"
        done = client.post(f"{URL}{draft['id']}/submit/",
                           {"expected_revision": patched.json()["revision"]}, format="json")
        assert done.status_code == 200 and done.json()["status"] == "submitted"

    def test_submit_a_draft_retried_with_the_same_key(self, api_as, procedure):
        client = api_as("citizen")
        draft = client.post(URL, apply_body(submit=False), format="json").json()
        submit = f"{URL}{draft['id']}/submit/"
        first = client.post(submit, {"expected_revision": draft["revision"]}, format="json",
                            HTTP_IDEMPOTENCY_KEY="submit-1")
        assert first.status_code == 200 and first.json()["status"] == "submitted"
        # The answer was lost on the way: the same request again is answered the same.
        again = client.post(submit, {"expected_revision": draft["revision"]}, format="json",
                            HTTP_IDEMPOTENCY_KEY="submit-1")
        assert again.status_code == 200
        assert again.json() == first.json()
        dossier = Dossier.objects.get()
        assert dossier.events.filter(action="submit").count() == 1
        assert dossier.revision == first.json()["revision"]
        # Without the key the retry is the conflict it is.
        plain = client.post(submit, {"expected_revision": draft["revision"]}, format="json")
        assert plain.status_code == 409
        # The key with another request (another body, or another dossier) is a 409.
        other = client.post(submit, {}, format="json", HTTP_IDEMPOTENCY_KEY="submit-1")
        assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
        second = client.post(URL, apply_body(submit=False), format="json").json()
        reused = client.post(f"{URL}{second['id']}/submit/", {}, format="json",
                             HTTP_IDEMPOTENCY_KEY="submit-1")
        assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"
        assert Dossier.objects.get(pk=second["id"]).status == Status.DRAFT

    def test_a_failed_submit_leaves_its_key_unused(self, api_as, procedure):
        client = api_as("citizen")
        draft = client.post(URL, apply_body(submit=False, answers={"title": "Kỷ yếu"}),
                            format="json").json()
        submit = f"{URL}{draft['id']}/submit/"
        invalid = client.post(submit, {}, format="json", HTTP_IDEMPOTENCY_KEY="s-2")
        assert invalid.status_code == 400
        patched = client.patch(f"{URL}{draft['id']}/", {"answers": ANSWERS}, format="json")
        done = client.post(submit, {}, format="json", HTTP_IDEMPOTENCY_KEY="s-3")
        assert patched.status_code == 200 and done.status_code == 200
        assert done.json()["code"].startswith("000.00.31.H59-")

    def test_officials_and_anonymous_cannot_apply(self, api_as, procedure):
        assert api_as("desk").post(URL, apply_body(), format="json").status_code == 403
        assert api_as("anonymous").post(URL, apply_body(), format="json").status_code in (
            401, 403)


class TestWholePath:
    def test_from_application_to_rating(self, api_as, people, procedure, signing):
        citizen = api_as("citizen")
        dossier = citizen.post(URL, apply_body(), format="json").json()
        one = f"{URL}{dossier['id']}/"

        desk = api_as("desk")
        assert [d["id"] for d in desk.get(f"{URL}inbox/").json()["results"]] == [dossier["id"]]
        accepted = desk.post(f"{one}accept/", {"papers_received": [1, 2]}, format="json")
        assert accepted.status_code == 200, accepted.json()
        assert accepted.json()["status"] == "received"
        assert accepted.json()["step"]["name"] == "Tiếp nhận hồ sơ"
        assert desk.post(f"{one}forward/", {}, format="json").status_code == 200

        specialist = api_as("specialist")
        assert [d["id"] for d in specialist.get(f"{URL}inbox/").json()["results"]] == [
            dossier["id"]]
        assert specialist.post(f"{one}take/", {}, format="json").status_code == 200
        forwarded = specialist.post(f"{one}forward/", {"to_user": people["head"].pk,
                                                       "note": "Đề nghị cấp phép."},
                                    format="json")
        assert forwarded.json()["step"]["assignee"] == "Phạm Thị Thu Hà"
        api_as("head").post(f"{one}forward/", {"to_user": people["director"].pk},
                            format="json")
        approved = api_as("director").post(f"{one}approve/", {}, format="json")
        assert approved.json()["status"] == "result_ready"
        assert approved.json()["timeliness"] == "early"
        returned_ = desk.post(f"{one}return/", {"method": "desk",
                                                "recipient_name": "Nguyễn Văn An"},
                              format="json")
        assert returned_.json()["status"] == "returned"
        rated = citizen.post(f"{one}rate/", {"stars": 5, "comment": "Tốt"}, format="json")
        assert rated.status_code == 201

        events = citizen.get(f"{one}events/").json()
        assert [e["action"] for e in events] == [
            "submit", "accept", "forward", "take", "forward", "forward", "approve", "return"]
        assert events[2]["label"] == "Chuyển xử lý"

    def test_desk_intake_through_the_api(self, api_as, procedure):
        response = api_as("desk").post(f"{URL}intake/", {
            "procedure": "1.003868", "channel": "post", "applicant": APPLICANT,
            "papers_received": [1, 2]}, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["channel"] == "post"
        assert response.json()["status"] == "submitted"


class TestErrors:
    def test_a_wrong_move_is_a_409_in_vietnamese(self, api_as, people, procedure):
        dossier = received(people, procedure)
        response = api_as("desk").post(f"{URL}{dossier.pk}/accept/", {}, format="json")
        assert response.status_code == 409
        assert response.json() == {
            "code": "invalid_transition",
            "message": "Không thể tiếp nhận hồ sơ lúc này: hồ sơ đang ở trạng thái "
                       "«Đã tiếp nhận».",
        }

    def test_a_forbidden_move_is_a_403(self, api_as, people, procedure):
        dossier = received(people, procedure)
        response = api_as("specialist").post(f"{URL}{dossier.pk}/forward/", {},
                                             format="json")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    @pytest.mark.parametrize("who", ["citizen2", "b_desk", "business"])
    def test_others_do_not_see_the_dossier(self, api_as, people, procedure, who):
        dossier = received(people, procedure)
        assert api_as(who).get(f"{URL}{dossier.pk}/").status_code == 404
        assert api_as(who).post(f"{URL}{dossier.pk}/withdraw/", {"reason": "x"},
                                format="json").status_code == 404
        assert api_as(who).get(URL).json()["count"] == 0

    @pytest.mark.parametrize("who, count", [("citizen", 1), ("desk", 1), ("specialist", 1),
                                            ("sysadmin", 1), ("citizen2", 0), ("b_desk", 0)])
    def test_listing_by_kind_of_user(self, api_as, people, procedure, who, count):
        received(people, procedure)
        assert api_as(who).get(URL).json()["count"] == count

    def test_bad_revision_field(self, api_as, people, procedure):
        dossier = received(people, procedure)
        response = api_as("desk").post(f"{URL}{dossier.pk}/forward/",
                                       {"expected_revision": "abc"}, format="json")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["expected_revision"]


class TestFiles:
    def test_upload_download_and_refusal(self, api_as, people, procedure):
        client = api_as("citizen")
        draft = client.post(URL, apply_body(submit=False), format="json").json()
        upload = client.post(f"{URL}{draft['id']}/attachments/", {
            "file": SimpleUploadedFile("don.pdf", pdf_bytes()), "paper_position": 1},
            format="multipart")
        assert upload.status_code == 201, upload.json()
        url = upload.json()["url"]
        download = client.get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == pdf_bytes()
        assert api_as("citizen2").get(url).status_code == 404
        lying = client.post(f"{URL}{draft['id']}/attachments/", {
            "file": SimpleUploadedFile("anh.pdf", png_bytes())}, format="multipart")
        assert lying.status_code == 400
        assert "PNG" in lying.json()["fields"]["file"][0]
        assert client.delete(url).status_code == 204
        assert client.get(url).status_code == 404


class TestLookup:
    def test_code_and_check_show_status_and_history(self, api_as, people, procedure,
                                                    signing):
        dossier = returned(people, procedure)
        anonymous = api_as("anonymous")
        answer = anonymous.get("/api/v1/dossier-lookup/",
                               {"code": dossier.code, "check": "0913 456 789"})
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "returned" and body["can_rate"] is True
        assert [e["label"] for e in body["history"]][:2] == ["Nộp trực tuyến",
                                                              "Tiếp nhận, hẹn trả kết quả"]
        assert "Huỳnh Minh Khoa" not in answer.content.decode()
        by_id = anonymous.get("/api/v1/dossier-lookup/",
                              {"code": dossier.code.lower(), "check": "084095001234"})
        assert by_id.status_code == 200
        for check in ("0900000000", ""):
            assert anonymous.get("/api/v1/dossier-lookup/",
                                 {"code": dossier.code, "check": check}).status_code == 404
        rated = anonymous.post(f"/api/v1/dossier-lookup/rate/?code={dossier.code}",
                               {"stars": 3, "check": "0913456789"}, format="json")
        assert rated.status_code == 201
        assert DossierRating.objects.get().stars == 3

    def test_lookups_are_throttled(self, api_as, settings):
        settings.EGOV_DOSSIER_LOOKUP_RATE = "3/min"
        anonymous = api_as("anonymous")
        codes = [anonymous.get("/api/v1/dossier-lookup/", {"code": "x", "check": "y"})
                 .status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]


def test_the_schema_lists_the_dossier_endpoints(api_as, db):
    schema = api_as("anonymous").get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in ("/api/v1/dossiers/", "/api/v1/dossiers/{id}/accept/",
                 "/api/v1/dossiers/{id}/request-supplement/", "/api/v1/dossiers/inbox/",
                 "/api/v1/dossier-lookup/", "/api/v1/dossiers/{id}/return/"):
        assert path in paths, path
    assert Status.RECEIVED in schema["components"]["schemas"]["Dossier"]["properties"][
        "status"]["pattern"]
