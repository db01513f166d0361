"""`no_store` lives in studies/http.py, where every app may import it from without
reaching up into the project package. This name stays for the views that still import
it from here (tests/test_import_direction.py lists them) until they move over."""

from studies.http import no_store

__all__ = ["no_store"]
