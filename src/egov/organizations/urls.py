from django.urls import path

from egov.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("agencies/<int:agency_pk>/units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_update, name="unit_update"),
    path("units/<int:pk>/close/", views.unit_close, name="unit_close"),
]
