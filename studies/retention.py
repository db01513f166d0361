"""Which rows each retention period covers. Later issues register their models here:
recordings under "audio", transcripts and responses under "transcripts"."""

# kind -> [(model label, path from the model to its study)]
RETENTION = {
    "audio": [("interviews.Recording", "study")],
    "transcripts": [
        ("interviews.Transcript", "study"),
        ("interviews.Response", "session__study"),
    ],
    "consent": [("studies.ConsentRecord", "participant__study")],
}
# The DataProtection field holding each kind's period, in months.
PERIOD_FIELDS = {
    "audio": "retention_audio_months",
    "transcripts": "retention_transcripts_months",
    "consent": "retention_consent_months",
}
# Audio goes first: it identifies people most directly.
ORDER = ("audio", "transcripts", "consent")
