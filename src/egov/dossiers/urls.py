from django.urls import path

from egov.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("xu-ly/", views.inbox, name="inbox"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("so-theo-doi/", views.register, name="register"),
    path("nop/<str:code>/", views.apply, name="apply"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/ket-qua/", views.result, name="result"),
    path("<int:pk>/phieu/<slug:kind>/", views.slip, name="slip"),
    path("<int:pk>/tep/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
