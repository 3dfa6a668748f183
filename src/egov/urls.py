from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("egov.core.urls")),
    path("accounts/", include("egov.accounts.urls")),
    path("organizations/", include("egov.organizations.urls")),
    path("signatures/", include("egov.signatures.urls")),
    path("thu-tuc/", include("egov.procedures.urls")),
    path("ho-so/", include("egov.dossiers.urls")),
    path("thanh-toan/", include("egov.payments.urls")),
    path("van-ban/", include("egov.documents.urls")),
    path("chi-so/", include("egov.indicators.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/", include("egov.api.urls")),
]

# JSON under /api/, a Vietnamese page elsewhere.
handler400 = "egov.core.views.bad_request"
handler403 = "egov.core.views.permission_denied"
handler404 = "egov.core.views.page_not_found"
handler500 = "egov.core.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
