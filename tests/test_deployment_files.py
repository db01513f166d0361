"""docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so their
promises are checked by reading them."""

import re
import tomllib
from pathlib import Path, PurePosixPath

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent


def test_compose_has_the_deployment_shape():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_ENV"] == "production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "gunicorn config.wsgi" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_the_dockerfile_copies_only_what_exists():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    sources = re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE)
    paths = [path for line in sources for path in line.split()]
    assert paths
    for path in paths:
        assert (PROJECT_DIR / path).exists(), f"Dockerfile copies {path}, which is missing"


def test_the_package_ships_every_demo_data_file():
    """An installed package (the image runs `pip install .`) holds only the data files
    that pyproject's package-data names: a demo file it missed would break load_demo."""
    package_data = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-data"]
    files = [path for path in PROJECT_DIR.glob("*/demo_data/**/*") if path.is_file()]
    assert {path.relative_to(PROJECT_DIR).parts[0] for path in files} == {
        "studies",
        "interviews",
        "coding",
        "analysis",
    }
    for path in files:
        package, *inside = path.relative_to(PROJECT_DIR).parts
        patterns = package_data.get(package, [])
        assert any(PurePosixPath(*inside).match(pattern) for pattern in patterns), path


def test_make_run_points_emailed_links_at_the_port_it_serves():
    """`make run PORT=8101` must not email links to :8000 (the pause alert did)."""
    makefile = (PROJECT_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert 'SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"' in run
    assert "runserver $(HOST):$(PORT)" in run
