"""gunicorn settings for ``make serve``: ``gunicorn config.wsgi -c config/gunicorn.py``.

Threads suit this app: requests mostly wait on the database. Workers default
to one per core plus one, threads to 12 each (logins waiting for their turn to hash
a password hold a thread while they wait, so keep some to spare); set GUNICORN_WORKERS and
GUNICORN_THREADS to tune, and keep workers × threads × app servers below
PostgreSQL's max_connections (100 by default), since connections persist.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 12))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Students pause between answers: keep their connections open longer than a pause
# (idle keep-alive connections wait in the poller, not in a thread).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# Recycle workers now and then, so a slow leak never builds up over a term.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-" if os.environ.get("ACCESS_LOG") else None
errorlog = "-"
