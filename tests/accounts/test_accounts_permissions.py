"""Who may read and change officials' accounts, through the pages and the API, for every
kind of user: anonymous, citizen, business, each role of agency A, agency B's
administrator and specialist, the system administrator. Another agency's officials do
not exist for you (404); a colleague's account is not yours to manage (403)."""

import pytest
from accounts_data import ROLES_A

from egov.accounts.models import Official, Role

A_NON_ADMINS = [f"a_{r}" for r in ROLES_A if r != Role.AGENCY_ADMIN]
EVERYONE = ["anonymous", "citizen", "business", *[f"a_{r}" for r in ROLES_A],
            "b_agency_admin", "b_specialist", "sysadmin"]


def page_status(name: str) -> dict[str, int]:
    """Expected status of the management pages about an official of agency A."""
    if name == "anonymous":
        return dict.fromkeys(["list", "list_a", "create", "edit", "post"], 302)
    if name in ("citizen", "business"):
        return dict.fromkeys(["list", "list_a", "create", "edit", "post"], 403)
    if name in A_NON_ADMINS:
        return {"list": 403, "list_a": 403, "create": 403, "edit": 403, "post": 403}
    if name == "b_specialist":
        return {"list": 403, "list_a": 403, "create": 403, "edit": 404, "post": 404}
    if name == "b_agency_admin":
        return {"list": 200, "list_a": 404, "create": 200, "edit": 404, "post": 404}
    return {"list": 200, "list_a": 200, "create": 200, "edit": 200, "post": 302}


@pytest.mark.parametrize("name", EVERYONE)
def test_management_pages(web_as, people, agency_a, name):
    target = people["a_clerk"].official
    client = web_as(name)
    expected = page_status(name)
    got = {
        "list": client.get("/accounts/officials/").status_code,
        "list_a": client.get(f"/accounts/officials/?agency={agency_a.pk}").status_code,
        "create": client.get(f"/accounts/officials/new/?agency={agency_a.pk}").status_code
        if name == "sysadmin" else client.get("/accounts/officials/new/").status_code,
        "edit": client.get(f"/accounts/officials/{target.pk}/").status_code,
        "post": client.post(f"/accounts/officials/{target.pk}/deactivate/",
                            {"reason": "thử"}).status_code,
    }
    assert got == expected
    target.refresh_from_db()
    assert target.is_active is (name not in ("a_agency_admin", "sysadmin"))


@pytest.mark.parametrize("action", ["roles", "password", "unlock", "reactivate",
                                    "second-factor-reset"])
@pytest.mark.parametrize(("name", "status"), [("b_agency_admin", 404), ("a_director", 403),
                                              ("citizen", 403)])
def test_every_change_page_is_guarded(web_as, people, name, status, action):
    target = people["a_clerk"].official
    response = web_as(name).post(f"/accounts/officials/{target.pk}/{action}/",
                                 {"roles": ["director"], "new_password": "Khac-Han-2025",
                                  "new_password2": "Khac-Han-2025"})
    assert response.status_code == status
    assert Official.objects.get(pk=target.pk).role_set == {Role.CLERK}


def test_list_shows_only_own_agency(web_as, people):
    body = web_as("b_agency_admin").get("/accounts/officials/").content.decode()
    assert "b.specialist" in body and "a.clerk" not in body
    body = web_as("a_agency_admin").get("/accounts/officials/").content.decode()
    assert "a.clerk" in body and "b.specialist" not in body
    body = web_as("sysadmin").get("/accounts/officials/").content.decode()
    assert "a.clerk" in body and "b.specialist" in body


# --- API ------------------------------------------------------------------------------------

def api_status(name: str) -> dict[str, int]:
    if name == "anonymous":
        return dict.fromkeys(["list", "read", "change", "create", "deactivate"], 403)
    if name in ("citizen", "business"):
        return dict.fromkeys(["list", "read", "change", "create", "deactivate"], 403)
    if name in A_NON_ADMINS:
        return {"list": 200, "read": 200, "change": 403, "create": 403, "deactivate": 403}
    if name in ("b_agency_admin", "b_specialist"):
        return {"list": 200, "read": 404, "change": 404, "create": 403, "deactivate": 404}
    return {"list": 200, "read": 200, "change": 200, "create": 201, "deactivate": 200}


@pytest.mark.parametrize("name", EVERYONE)
def test_officials_api(api_as, people, agency_a, name):
    target = people["a_clerk"].official
    client = api_as(name)
    url = f"/api/v1/officials/{target.pk}/"
    responses = {
        "list": client.get("/api/v1/officials/"),
        "read": client.get(url),
        "change": client.patch(url, {"position": "Văn thư chính"}, format="json"),
        "create": client.post("/api/v1/officials/", {
            "username": "moi.stttt", "full_name": "Cán Bộ Mới",
            "email": "moi@travinh.gov.vn", "agency": agency_a.pk, "roles": ["specialist"],
        }, format="json"),
        "deactivate": client.post(f"{url}deactivate/", {"reason": "thử"}, format="json"),
    }
    assert {k: r.status_code for k, r in responses.items()} == api_status(name)
    for response in responses.values():
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"code", "message"}
            assert body["code"] in {"not_authenticated", "forbidden", "not_found"}
    if responses["list"].status_code == 200:
        listed = {o["username"] for o in responses["list"].json()["results"]}
        if name.startswith("b_"):
            assert listed == {"b.admin", "b.specialist"}
        elif name != "sysadmin":
            assert "a.clerk" in listed and "b.admin" not in listed
        else:
            assert {"a.clerk", "b.admin"} <= listed
    target.refresh_from_db()
    assert target.position == ("Văn thư chính" if api_status(name)["change"] == 200 else "")
