"""gunicorn's settings, read with `gunicorn -c config/gunicorn.conf.py` (Dockerfile,
docker-compose.yml, `make serve`). Command-line options still override these."""

# The access log and gunicorn's own lines go through the filter that takes personal-link
# tokens out, as Django's do (config/log_filters.py).
logger_class = "config.log_filters.GunicornLogger"
