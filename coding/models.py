"""The codebook tree (code, category, theme, explanatory theme, sub-theme), coded
segments as code-point ranges of frozen transcripts, and memos. Depends on interviews
and studies only."""
