"""Framework matrix and saturation pages (included by analysis/urls.py)."""

from django.urls import path

from . import views_framework as views

frameworks = "studies/<slug:slug>/frameworks/"
one = frameworks + "<int:pk>/"
saturation = "studies/<slug:slug>/saturation/"

urlpatterns = [
    path(frameworks, views.framework_list, name="frameworks"),
    path(one, views.framework_page, name="framework"),
    path(one + "edit/", views.framework_edit, name="framework-edit"),
    path(one + "delete/", views.framework_delete, name="framework-delete"),
    path(one + "cells/<int:case>/<int:node>/", views.framework_cell, name="framework-cell"),
    path(one + "download.csv", views.framework_download, {"fmt": "csv"}, name="framework-csv"),
    path(one + "download.xlsx", views.framework_download, {"fmt": "xlsx"}, name="framework-xlsx"),
    path(saturation, views.saturation_page, name="saturation"),
    path(saturation + "chart.png", views.saturation_chart, {"fmt": "png"}, name="saturation-png"),
    path(saturation + "chart.svg", views.saturation_chart, {"fmt": "svg"}, name="saturation-svg"),
    path(saturation + "download.csv", views.saturation_download, name="saturation-download"),
]
