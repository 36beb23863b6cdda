"""gunicorn settings for the public API hosts: `gunicorn -c python:cms.api.gunicorn cms.wsgi`.

Every value can be overridden from the environment (GUNICORN_*) or the command line. The defaults
are what bench/submissions.py measured best on a 2-core host with PostgreSQL (see bench/README.md).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# More workers than cores: a sync worker waits on PostgreSQL's commit (WAL flush) most of the time,
# and concurrent commits share one flush (group commit).
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Django is imported once in the master: a worker killed by the OS is back in milliseconds.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
