# The README's commands: `make run` (demo on SQLite) and `make test` (whole suite;
# DATABASE_URL=postgres://… runs it on PostgreSQL). Everything is installed from the lock
# files into the project folder (.tools, .venv, node_modules); nothing is downloaded at
# run time except packages from PyPI and npm.

PORT ?= 8000
# `make run` and the benchmarks serve plain HTTP on 127.0.0.1, so the HTTPS-only defaults of
# DEBUG=0 are off here; a deployment runs gunicorn itself, with them on (docs/operations.md §5).
export OCOP_HTTPS ?= 0
# Two test workers by default (pytest-xdist); `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2
UV_VERSION := 0.13.9
PYTHON312 := $(shell scripts/find-python312)
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_PYTHON := $(PYTHON312)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: install run worker test test-fast bench bench-national lint demo help cluster-up cluster-down cluster-status cluster-faults

help:
	@echo "make run   – cài đặt, tạo CSDL SQLite, nạp dữ liệu mẫu và chạy tại http://127.0.0.1:$(PORT) (kèm máy chạy việc nền)"
	@echo "make worker – chỉ chạy máy chạy việc nền (db_worker) và bộ lập lịch (crontask)"
	@echo "make test  – chạy toàn bộ kiểm thử (DATABASE_URL=postgres://… để chạy trên PostgreSQL)"
	@echo "make bench – đo hiệu năng các trang nặng"
	@echo "make bench-national – đo tải toàn quốc trên PostgreSQL (BENCH_DATABASE_URL, BENCH_SCALE=2 để gấp đôi)"
	@echo "make lint  – kiểm tra mã nguồn (ruff) và hợp đồng phân tầng import (import-linter)"

$(UV):
	@test -n "$(PYTHON312)" || { echo "Cần Python 3.12"; exit 1; }
	$(PYTHON312) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: .venv/.installed node_modules/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ocop_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Mở http://127.0.0.1:$(PORT)/ (dừng: Ctrl+C)"
	@# Beside the web server, as in production (docs/jobs.md): the task worker (imports,
	@# exports, documents) and the scheduler of periodic work (reminders). Ctrl+C stops
	@# gunicorn; the trap then stops the two others.
	@$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	$(PY) manage.py crontask --no-heartbeat >/dev/null & scheduler=$$!; \
	trap 'kill -TERM $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) -m gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT)

# The task worker and the scheduler alone (for a second terminal, or a server whose web
# processes are started elsewhere): docs/jobs.md.
worker: install
	@$(PY) manage.py crontask --no-heartbeat & scheduler=$$!; \
	trap 'kill -TERM $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-reload

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ocop_demo

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Without the browser tests: quick feedback while developing.
test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

bench: install
	$(PY) -m tests.load.bench

# National scale on PostgreSQL (docs/performance.md): creates/migrates BENCH_DATABASE_URL
# (default postgres://ocop:ocop@127.0.0.1:5432/ocop_national, the role needs CREATEDB), loads
# the synthetic register (a few minutes the first time, nothing on later runs), starts
# gunicorn with gunicorn.conf.py and loads every page with 16 concurrent clients.
# Needs nothing from apt beyond PostgreSQL (the load client is Python).
bench-national: install
	$(PY) -m tests.load.national

# ruff, then the import-graph contract of pyproject.toml ([tool.importlinter]: the apps'
# layers, no exception listed). tests/test_architecture.py runs the same contract in `make test`.
lint: install
	$(PY) -m ruff check ocop tests
	PYTHONPATH=. .venv/bin/lint-imports --no-logo

# The scale-out topology on one machine (docs/deployment.md): PostgreSQL primary + streaming
# replica, redis-server, moto's S3 server, two gunicorn nodes, haproxy and nginx on loopback
# ports 5540-5547. Needs apt packages postgresql redis-server nginx haproxy.
cluster-up: install
	scripts/cluster up

cluster-down:
	scripts/cluster down

cluster-status:
	scripts/cluster status

# Under load through the proxy: kill an app node, stop the replica, restart the worker, bring
# everything back; counts answers and errors per phase and what was stored before/after.
cluster-faults: install
	$(PY) scripts/cluster-faults
