from django.urls import path

from . import views

transcript = "studies/<slug:slug>/transcripts/<int:pk>/code/"

urlpatterns = [
    path(transcript, views.code_transcript, name="code-transcript"),
    path(transcript + "changes/", views.code_changes, name="code-changes"),
    path(transcript + "segments/", views.code_segment_create, name="code-segment-create"),
    path(transcript + "segments/<int:segment_pk>/", views.code_segment, name="code-segment"),
]
