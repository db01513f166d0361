from django.urls import path

from . import views, views_exchange, views_exports, views_kinds

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

# Exports and imports (analysis/views_exchange.py). A job's own pages are outside any
# study: an import into a new study has none until it is loaded.
urlpatterns += [
    path("studies/<slug:slug>/exchange/", views_exchange.exchange_page, name="exchange"),
    path("studies/<slug:slug>/exchange/export/", views_exchange.export_start,
         name="exchange-export"),
    path("studies/<slug:slug>/exchange/import/", views_exchange.import_into_study,
         name="exchange-import"),
    path("imports/new/", views_exchange.import_new_study, name="import-new-study"),
    path("exchange/<int:pk>/", views_exchange.job_page, name="exchange-job"),
    path("exchange/<int:pk>/confirm/", views_exchange.job_confirm, name="exchange-job-confirm"),
    path("exchange/<int:pk>/download/", views_exchange.job_download,
         name="exchange-job-download"),
]  # fmt: skip
