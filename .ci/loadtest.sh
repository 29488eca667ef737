#!/usr/bin/env bash
# Start gunicorn on the database in $DATABASE_URL, run the exam-start load test, stop gunicorn.
# Usage (from the Makefile): loadtest.sh "100,200,300" results.json [loadtest_exam options]
set -euo pipefail
cd "$(dirname "$0")/.."
students=$1
results=$2
shift 2
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn config.wsgi -c config/gunicorn.py &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    curl -fs -o /dev/null "http://$BIND/accounts/login/" && break
    sleep 0.2
done
.venv/bin/python manage.py loadtest_exam --url "http://$BIND" --students "$students" --json "$results" "$@"
