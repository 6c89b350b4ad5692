from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-vergeten/nieuw-wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-vergeten/gewijzigd/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("mijn-account/", views.me, name="me"),
    path("mijn-account/api-sleutels/", views.api_token_create, name="api-token-create"),
    path(
        "mijn-account/api-sleutels/<int:pk>/intrekken/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisaties/<slug:slug>/leden/", views.organisation_members, name="organisation-members"
    ),
]
