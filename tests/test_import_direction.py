"""The apps depend one way (analysis -> coding -> interviews -> studies, ARCHITECTURE.md),
and inside an app the task module calls the services, never the other way round. Read
from the source, so an import added anywhere (even inside a function) is caught."""

import ast
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
APPS = ("studies", "interviews", "coding", "analysis")  # each may import those before it
# Upward imports into the project package that remain, each waiting on files others
# were editing when the rest moved to studies/http.py: no new one may join them.
KNOWN_CONFIG_IMPORTS = {
    ("interviews/api.py", "config.http"),
    ("interviews/views/team.py", "config.http"),
    ("interviews/views/transcripts.py", "config.http"),
    ("studies/views/recruitment.py", "config.http"),
    ("studies/api/accounts.py", "config.api"),
}


def _source_files(app: str):
    for path in sorted((PROJECT_DIR / app).rglob("*.py")):
        parts = path.relative_to(PROJECT_DIR).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def _imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, relative imports made absolute."""
    package = ".".join(path.relative_to(PROJECT_DIR).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(PROJECT_DIR).parts[:-1])
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            modules.add(module)
            # `from . import tasks` names a module too.
            modules.update(f"{module}.{alias.name}" for alias in node.names)
    return modules


def test_it_lets_each_app_import_only_itself_and_the_apps_below_it():
    for rank, app in enumerate(APPS):
        above = set(APPS[rank + 1 :])
        for path in _source_files(app):
            reached = {module.split(".")[0] for module in _imported_modules(path)} & above
            assert not reached, f"{path.relative_to(PROJECT_DIR)} imports {reached}"


def test_no_app_reaches_up_into_the_project_package_beyond_the_known_few():
    found = set()
    for app in APPS:
        for path in _source_files(app):
            for module in _imported_modules(path):
                if module.split(".")[0] == "config":
                    found.add(
                        (path.relative_to(PROJECT_DIR).as_posix(), ".".join(module.split(".")[:2]))
                    )
    assert found <= KNOWN_CONFIG_IMPORTS, found - KNOWN_CONFIG_IMPORTS


def test_no_service_imports_its_apps_task_module():
    for app in APPS:
        services = PROJECT_DIR / app / "services"
        paths = sorted(services.rglob("*.py")) if services.is_dir() else []
        paths += [p for p in [PROJECT_DIR / app / "services.py"] if p.exists()]
        for path in paths:
            tasks = {m for m in _imported_modules(path) if m.startswith(f"{app}.tasks")}
            assert not tasks, f"{path.relative_to(PROJECT_DIR)} imports {tasks}"


QUEUE_BY_NAME = """
import sys
import django
django.setup()
from django.db import transaction
import interviews.services, interviews.urls, interviews.api
from studies import services
print("imported before:", "interviews.tasks" in sys.modules)
with transaction.atomic():
    services.task_enqueue(task="interviews.session_paused_alert", args=[1])
    transaction.set_rollback(True)
print("imported after:", "interviews.tasks" in sys.modules)
try:
    services.task_enqueue(task="interviews.no_such_task", args=[1])
except KeyError:
    print("unknown name refused")
"""


def test_a_service_queues_a_task_by_name_in_a_process_that_never_imported_it():
    """A web process imports the services, views and API but not the task modules; a
    task queued by name is found all the same, and a misspelt name is refused at once."""
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="sqlite://:memory:")
    result = subprocess.run(
        [sys.executable, "-c", QUEUE_BY_NAME], cwd=PROJECT_DIR, env=environment,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "imported before: False",
        "imported after: True",
        "unknown name refused",
    ]
