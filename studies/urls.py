from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/api-token/", views.api_token, name="api-token"),
    path("studies/new/", views.study_create, name="study-create"),
    path("studies/<slug:slug>/", views.study_dashboard, name="study-dashboard"),
    path("studies/<slug:slug>/edit/", views.study_edit, name="study-edit"),
    path("studies/<slug:slug>/members/", views.members, name="study-members"),
    path("studies/<slug:slug>/members/<int:pk>/", views.member_update, name="member-update"),
    path("studies/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]
