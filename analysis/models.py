"""Matrix queries and their results, dyad comparisons and exports (REFI-QDA, quotes,
tables), built by Celery tasks. Depends on coding, interviews and studies."""
