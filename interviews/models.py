"""Vignettes (versioned) and their questions, interview sessions online or in person,
responses, recordings, transcripts and speaker turns. Built by the participation and
transcripts issues; depends on studies only."""
