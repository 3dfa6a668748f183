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
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
]
