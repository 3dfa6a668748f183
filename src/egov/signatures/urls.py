from django.urls import path

from egov.signatures import views

app_name = "signatures"
urlpatterns = [
    path("crl/<slug:slug>.crl", views.crl, name="crl"),
    path("ca/<slug:slug>.crt", views.authority_certificate, name="authority-certificate"),
    path("tsa/", views.timestamp, name="tsa"),
]
