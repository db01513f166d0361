"""oTree settings of the benchmark's study: one app, for bench/otree_flow.py.

The benchmark sets OTREE_PRODUCTION, OTREE_AUTH_LEVEL, the admin password, the REST key,
SECRET_KEY and DATABASE_URL in the server's environment; see bench/README.md.
"""

from os import environ

SESSION_CONFIGS = [
    {
        "name": "vignettes",
        "display_name": "Vignette study (benchmark)",
        "app_sequence": ["vignettes"],
        "num_demo_participants": 1,
    },
]

SESSION_CONFIG_DEFAULTS = {"real_world_currency_per_point": 1.00, "participation_fee": 0.00}

PARTICIPANT_FIELDS: list[str] = []
SESSION_FIELDS: list[str] = []

LANGUAGE_CODE = "en"
REAL_WORLD_CURRENCY_CODE = "GBP"
USE_POINTS = True

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = environ.get("OTREE_ADMIN_PASSWORD")

SECRET_KEY = environ.get("SECRET_KEY", "")
