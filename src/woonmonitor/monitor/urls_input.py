"""URLs of the monitor: parties enter their own indicator values."""

from django.urls import path

from .views import input as input_views

urlpatterns = [
    path("invoer/", input_views.input_page, name="input"),
    path("invoer/sjabloon.<str:fmt>", input_views.input_template, name="input-template"),
    path("invoer/waarden.<str:fmt>", input_views.input_values, name="input-values"),
]
