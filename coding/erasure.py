"""What coding tells a withdrawal (studies.erasure finds this module by name): which of
a participant's transcripts have been analysed, so that "remove what has not yet been
analysed" keeps them."""

from .models import CodedSegment


def analysed_transcript_ids(participant) -> set[int]:
    """Transcripts with at least one coded segment, whoever coded them: from the first
    code on, the transcript is part of the analysis."""
    return set(
        CodedSegment.objects.filter(transcript__participant=participant)
        .values_list("transcript_id", flat=True)
        .distinct()
    )
