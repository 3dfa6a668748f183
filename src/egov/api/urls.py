"""The REST API: ``/api/v1/`` with each app's router, the OpenAPI schema and its docs.

Apps expose ``api_urls`` (a list of URL patterns) in their ``api.py``; logic stays in
the apps, this module only mounts them.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

v1 = [
    path("", include("egov.core.api")),
    path("", include("egov.organizations.api")),
    path("", include("egov.accounts.api")),
    path("", include("egov.procedures.api")),
    path("", include("egov.dossiers.api")),
    path("", include("egov.payments.api")),
    path("", include("egov.documents.api")),
    path("", include("egov.indicators.api")),
    path("", include("egov.signatures.api")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
