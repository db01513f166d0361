"""Names the REFI-QDA files use, shared by the exporter and the importer."""

# The namespaces the exporter writes (QDA-XML 1.0, 2019). Other tools write variants of
# the codebook's (urn:QDA-XML:codebook:1:0, urn:QDA-XML:codebook:0:4); the importer
# reads elements by local name, so it accepts them.
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources"
# A source's path inside the archive, as plainTextPath and path attributes write it.
INTERNAL = "internal://"

ORIGIN = "Vignette Lab"
