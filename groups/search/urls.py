"""Search routes (included by groups/urls.py, namespace "groups")."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_all, name="search"),
    path("<group:slug>/search/", views.search_group, name="group-search"),
]
