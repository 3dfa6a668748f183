from django.urls import path

from egov.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("home/", views.home_page, name="home"),
    path("second-factor/", views.totp_verify, name="totp_verify"),
    path("second-factor/setup/", views.totp_setup, name="totp_setup"),
    path("password/", views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("register/", views.register_citizen, name="register"),
    path("register/business/", views.register_business, name="register_business"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/new/", views.official_create, name="official_create"),
    path("officials/<int:pk>/", views.official_edit, name="official_edit"),
    path("officials/<int:pk>/roles/", views.official_roles, name="official_roles"),
    path("officials/<int:pk>/password/", views.official_password, name="official_password"),
    path("officials/<int:pk>/deactivate/", views.official_deactivate,
         name="official_deactivate"),
    path("officials/<int:pk>/reactivate/", views.official_reactivate,
         name="official_reactivate"),
    path("officials/<int:pk>/unlock/", views.official_unlock, name="official_unlock"),
    path("officials/<int:pk>/second-factor-reset/", views.official_totp_reset,
         name="official_totp_reset"),
]
