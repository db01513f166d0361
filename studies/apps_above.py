"""The apps above studies, reached by name: studies may not import them, yet its demo
and its overview let each of them add its own part."""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def modules_above(module: str) -> Iterator[ModuleType]:
    """Each installed app's `<app>.<module>` (other than studies' own), in INSTALLED_APPS
    order, for the apps that have one."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        if config.name != "studies" and find_spec(name) is not None:
            yield import_module(name)
