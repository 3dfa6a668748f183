from django.urls import path

from egov.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.payment_list, name="list"),
    path("ho-so/<str:dossier_code>/", views.start, name="start"),
    path("<slug:provider>/ket-qua/", views.gateway_return, name="return"),
    path("giao-dich/<str:txn_ref>/", views.detail, name="detail"),
    path("giao-dich/<str:txn_ref>/bien-lai/", views.receipt, name="receipt"),
    path("giao-dich/<str:txn_ref>/bien-lai.pdf", views.receipt_pdf, name="receipt_pdf"),
]
