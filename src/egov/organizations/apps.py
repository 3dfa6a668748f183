from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "egov.organizations"
    label = "organizations"
