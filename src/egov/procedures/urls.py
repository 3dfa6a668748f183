from django.urls import path

from egov.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:code>/", views.detail, name="detail"),
]
