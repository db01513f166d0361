"""REFI-QDA exchange: the `.qdpx` project and `.qdc` codebook formats that NVivo,
ATLAS.ti, MAXQDA, QualCoder and Taguette read and write. `guids` gives every exported
object a stable GUID, `export` writes the files, `importer` reads them back."""
