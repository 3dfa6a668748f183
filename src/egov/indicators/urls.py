from django.urls import path

from egov.indicators import report_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat/<slug:table>.<slug:kind>", views.export, name="export"),
    path("bao-cao/", report_views.report_page, name="report_order"),
    path("bao-cao/<uuid:uid>/", report_views.report_detail, name="report_detail"),
    path("bao-cao/<uuid:uid>/trang-thai/", report_views.report_status, name="report_status"),
    path("bao-cao/<uuid:uid>/tep.<slug:kind>", report_views.report_file, name="report_file"),
    path("bao-cao/<uuid:uid>/ban-hanh/", report_views.report_issue, name="report_issue"),
    path("bao-cao/<uuid:uid>/cap-nhat-du-thao/", report_views.report_revise,
         name="report_revise"),
    path("bao-cao/<uuid:uid>/lap-lai/", report_views.report_retry, name="report_retry"),
    path("<str:code>/", views.records, name="records"),
]
