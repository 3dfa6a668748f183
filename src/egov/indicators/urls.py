from django.urls import path

from egov.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat/<slug:table>.<slug:kind>", views.export, name="export"),
    path("<str:code>/", views.records, name="records"),
]
