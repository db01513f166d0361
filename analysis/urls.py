from django.urls import path

from . import views, views_exports, views_kinds

matrices = "studies/<slug:slug>/matrices/"
one = matrices + "<int:pk>/"

urlpatterns = [
    path(matrices, views.matrix_list, name="matrices"),
    path(one, views.matrix_page, name="matrix"),
    path(one + "edit/", views.matrix_edit, name="matrix-edit"),
    path(one + "delete/", views.matrix_delete, name="matrix-delete"),
    path(one + "cell/", views.matrix_cell, name="matrix-cell"),
]

# Dyad comparisons and co-occurrence matrices: the passages behind a cell.
urlpatterns += [
    path(one + "dyad-cell/", views_kinds.dyad_cell, name="matrix-dyad-cell"),
    path(
        one + "cooccurrence-cell/", views_kinds.cooccurrence_cell, name="matrix-cooccurrence-cell"
    ),
]

# The table and its heat map as files (the format is the name's ending).
urlpatterns += [
    path(one + "download.<str:fmt>", views_exports.matrix_download, name="matrix-download"),
]
