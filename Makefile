# Command index: `make help`. Every version is locked in requirements/*.txt (make lock).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/myna.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data components myna -name '*.yml' -o -name '*.py' 2>/dev/null)

.PHONY: help install lock check system-packages train run shell test validate unit test-stories test-integration eval bench \
        report review-import purge bench-report config

help: ## この一覧 / list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Python 3.10 の仮想環境と依存パッケージ / venv + the locked packages (requirements/dev.txt)

# The images install the same steps with their role's lock (docker/*.Dockerfile).
# line.txt goes in without dependencies: requirements/line.in says why.
$(VENV)/.installed: requirements/pip.txt requirements/dev.txt requirements/line.txt
	test -x $(PY) || "$$(scripts/find-python310)" -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/pip.txt
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/line.txt
	touch $@

lock: ## requirements/*.txt from requirements/*.in, with hashes (pip-tools in its own venv; UPGRADE="--upgrade-package X"; ~10 min)
	scripts/lock

# The fast tier: no training, no servers, no system packages (.ci/run runs it first).
# PURE_TESTS: the tests of the pure domain package myna/ and the import-graph rules (no Rasa, no model).
PURE_TESTS := tests/myna tests/test_architecture.py

check: install ## 速いチェック: ruff, ruff format, mypy --strict (myna/), the pure unit tests (< 1 min)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q $(PURE_TESTS)

system-packages: ## Debian packages for the tests (Chromium, PostgreSQL, Redis, nginx, docker-compose...)
	scripts/install-system-packages

train: $(MODEL) ## モデルの学習 (入力が変わったときだけ) / train when inputs changed

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name myna --out models

config: install ## 環境変数と設定ファイルの確認 / check every variable and settings/insurer.yml
	$(PY) -m myna.config

run: install train ## アクションサーバーと Rasa サーバーを起動 (REST: localhost:5005)
	scripts/run.sh server

shell: install train ## ターミナルで会話 / talk in the terminal
	scripts/run.sh shell

validate: install ## rasa data validate, warnings fail (see scripts/validate_data.py)
	$(PY) scripts/validate_data.py

unit: install system-packages train ## pytest: 部品・規則・NLU 評価・起動手順 (without tests/integration)
	$(PY) -m pytest -q --ignore=tests/integration

test-integration: install system-packages train ## PostgreSQL + Redis + 2 replicas: privacy in storage, load, faults
	$(PY) -m pytest -q tests/integration

test-stories: install train ## 会話テスト (tests/stories)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

test: validate unit test-stories test-integration ## すべてのテスト / every test

eval: install train ## 評価レポート reports/eval.md (held-out by style, realistic sets by category, confusion matrix, 5-fold CV)
	$(PY) -m evaluation --model $(MODEL) --heldout tests/nlu/heldout.yml --out reports \
	    --realistic $(wildcard tests/nlu/realistic/*.yml)

bench: install train ## ベンチマーク reports/bench.md (latency, msg/s at 1/10/50 users, memory, training, alternatives; ~10 min)
	$(PY) -m benchmarks --model $(MODEL) --heldout tests/nlu/heldout.yml --out reports

# Staff (python -m staff; see README, "For the insurer's staff"). The store is MYNA_DATABASE_URL's.
report: install ## 利用状況レポート reports/usage.html + CSV (SINCE=YYYY-MM-DD UNTIL=YYYY-MM-DD; default the last 7 days)
	$(PY) -m staff report $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) --out $(or $(REPORT_DIR),reports)

review-import: install ## 話題を書いた見直し CSV を data/nlu/reviewed.yml へ (CSV=reports/review.csv), then make train
	$(PY) -m staff review-import $(or $(CSV),reports/review.csv)

purge: install ## 古い会話を削除 (DAYS=N; default MYNA_RETENTION_DAYS or 90)
	$(PY) -m staff purge $(if $(DAYS),--days $(DAYS))

bench-report: install ## レポートの速度とメモリ: 100,000 conversations generated into a SQLite store (~5 min)
	$(PY) -m staff.bench --conversations 100000
