from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("mijn-account/", views.me, name="me"),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path(
        "organisaties/<slug:slug>/leden/", views.organisation_members, name="organisation-members"
    ),
]
