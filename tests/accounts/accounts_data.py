"""Values and helpers the accounts tests share (imported by module name: tests have no packages)."""

import datetime as dt

from egov.accounts.models import Role

D2017 = dt.date(2017, 1, 1)
PASSWORD = "Kiem-Thu-2024"
CITIZEN_ID = "084085001234"
TAX_CODE = "0100109106"  # Viettel's: a real code with a valid check digit
ROLES_A = [Role.DESK_OFFICER, Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.DIRECTOR, Role.CLERK,
           Role.AGENCY_ADMIN, Role.INSPECTOR]


def post_login(client, username: str, password: str):
    """Log in through the page, as a person does (django-axes needs the request)."""
    return client.post("/accounts/login/", {"username": username, "password": password})
