from django.urls import path

from . import views
from . import views_codebook as codebook_views
from . import views_compare as compare_views
from . import views_memos as memo_views
from . import views_review as review_views
from . import views_themes as theme_views

transcript = "studies/<slug:slug>/transcripts/<int:pk>/code/"

urlpatterns = [
    path(transcript, views.code_transcript, name="code-transcript"),
    path(transcript + "changes/", views.code_changes, name="code-changes"),
    path(transcript + "segments/", views.code_segment_create, name="code-segment-create"),
    path(transcript + "segments/<int:segment_pk>/", views.code_segment, name="code-segment"),
    path(transcript + "undo/", views.code_undo, name="code-undo"),
    path(transcript + "mode/", views.code_mode, name="code-mode"),
]

codebook = "studies/<slug:slug>/codebook/"
node = codebook + "<int:pk>/"

urlpatterns += [
    path(codebook, codebook_views.codebook, name="codebook"),
    path(node + "edit/", codebook_views.node_edit, name="codebook-node-edit"),
    path(node + "move/", codebook_views.node_move, name="codebook-node-move"),
    path(node + "reorder/", codebook_views.node_reorder, name="codebook-node-reorder"),
    path(node + "merge/", codebook_views.node_merge, name="codebook-node-merge"),
    path(node + "split/", codebook_views.node_split, name="codebook-node-split"),
    path(node + "delete/", codebook_views.node_delete, name="codebook-node-delete"),
    path(codebook + "trail/", codebook_views.trail, name="codebook-trail"),
    path(codebook + "review/", review_views.review, name="codebook-review"),
    path(
        codebook + "review/<int:pk>/", review_views.review_segment, name="codebook-review-segment"
    ),
    path(node + "segments/", compare_views.node_segments, name="node-segments"),
    path(
        node + "segments/roles/",
        compare_views.node_segments,
        {"layout": "roles"},
        name="node-segments-roles",
    ),
    path(
        node + "segments/dyads/",
        compare_views.node_segments,
        {"layout": "dyads"},
        name="node-segments-dyads",
    ),
    path("studies/<slug:slug>/search/", compare_views.search, name="search"),
    path("studies/<slug:slug>/search/code/", compare_views.search_code, name="search-code"),
    path(codebook + "themes/", theme_views.thematic_table, name="themes"),
    path(codebook + "themes.csv", theme_views.thematic_table_csv, name="themes-csv"),
    path("studies/<slug:slug>/memos/", memo_views.memos, name="memos"),
    path("studies/<slug:slug>/memos/<int:pk>/", memo_views.memo_edit, name="memo-edit"),
    path("studies/<slug:slug>/memos/<int:pk>/delete/", memo_views.memo_delete, name="memo-delete"),
]
