from django.urls import path

from egov.documents import views

app_name = "documents"
urlpatterns = [
    path("den/", views.incoming_list, name="incoming_list"),
    path("den/moi/", views.incoming_create, name="incoming_create"),
    path("den/so/", views.incoming_book, name="incoming_book"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
]
