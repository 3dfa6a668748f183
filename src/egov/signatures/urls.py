from django.urls import path

from egov.signatures import views

app_name = "signatures"
urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.request_certificate, name="request"),
    path("needs/", views.needs, name="needs"),
    path("sign/", views.sign, name="sign"),
    path("verify/", views.verify, name="verify"),
    path("authorities/", views.authorities, name="authorities"),
    path("crl/<slug:slug>.crl", views.crl, name="crl"),
    path("ca/<slug:slug>.crt", views.authority_certificate, name="authority-certificate"),
    path("<uuid:uid>/", views.detail, name="detail"),
    path("<uuid:uid>/certificate.cer", views.certificate_file, name="certificate-file"),
    path("<uuid:uid>/<slug:name>/", views.action, name="action"),
]
