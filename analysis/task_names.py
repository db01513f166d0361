"""The names analysis's background tasks are registered under (analysis/tasks.py): the
services queue a task by name, so they never import the task module that calls them."""

MATRIX_BUILD = "analysis.matrix_build"
EXCHANGE_RUN = "analysis.exchange_run"
