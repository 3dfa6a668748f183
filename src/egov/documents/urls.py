from django.urls import path

from egov.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("den/", views.incoming_list, name="incoming_list"),
    path("den/moi/", views.incoming_create, name="incoming_create"),
    path("den/so/", views.incoming_book, name="incoming_book"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("den/<int:pk>/phan-cong/", views.incoming_assign, name="incoming_assign"),
    path("den/<int:pk>/y-kien/", views.incoming_note, name="incoming_note"),
    path("den/<int:pk>/ket-thuc/", views.incoming_finish, name="incoming_finish"),
    path("phan-cong/<int:pk>/chuyen/", views.assignment_delegate, name="assignment_delegate"),
    path("phan-cong/<int:pk>/xong/", views.assignment_complete, name="assignment_complete"),
    path("di/", views.outgoing_list, name="outgoing_list"),
    path("di/moi/", views.outgoing_create, name="outgoing_create"),
    path("di/so/", views.outgoing_book, name="outgoing_book"),
    path("di/<int:pk>/", views.outgoing_detail, name="outgoing_detail"),
    path("di/<int:pk>/sua/", views.outgoing_revise, name="outgoing_revise"),
    path("di/<int:pk>/trinh/", views.outgoing_submit, name="outgoing_submit"),
    path("di/<int:pk>/duyet/", views.outgoing_review, name="outgoing_review"),
    path("di/<int:pk>/ky/", views.outgoing_sign, name="outgoing_sign"),
    path("di/<int:pk>/ban-hanh/", views.outgoing_issue, name="outgoing_issue"),
    path("di/<int:pk>/tep/<str:kind>", views.outgoing_file, name="outgoing_file"),
    path("tim-kiem/", views.search_page, name="search"),
    path("phu-luc/", views.appendix_page, name="appendix"),
    path("lien-thong/", views.exchange_queue, name="exchange_queue"),
    path("lien-thong/<int:pk>/nhan/", views.exchange_accept, name="exchange_accept"),
    path("lien-thong/<int:pk>/tra-lai/", views.exchange_reject, name="exchange_reject"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
]
