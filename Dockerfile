# The deployment image: gunicorn serving Django, the same image runs the Celery worker
# and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml constraints.txt README.md ./
COPY config ./config
COPY studies ./studies
COPY interviews ./interviews
COPY coding ./coding
COPY analysis ./analysis
RUN pip install -c constraints.txt ".[s3]"

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic only reads settings; these values exist for the build step alone.
RUN DJANGO_ENV=production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/media && chown app:app /app/media

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
