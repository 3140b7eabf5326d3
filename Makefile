# Two commands for a newcomer: `make run` (the whole system locally) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# System packages need root: use sudo when not already root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench unit clean browser sweep synth deploy surge ops load

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { \
	  echo "Installing python3-venv"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Local data persists in .lapor/state between runs; FRESH=1 starts empty.
run: $(STAMP)
	$(if $(FRESH),rm -rf .lapor/state)
	$(BIN)/python -m laportools.local.stack

# The suite runs in TEST_JOBS processes (pytest-xdist; each starts its own local AWS endpoint, and a
# test file stays in one process). Schemathesis reports each API operation as a subtest, which
# pytest-xdist does not carry back, so the contract fuzzing runs after, in a process of its own.
TEST_JOBS ?= 2
test: $(STAMP) browser
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile -m "not single_process"
	$(BIN)/python -m pytest -m single_process

unit: $(STAMP)
	$(BIN)/python -m pytest tests/domain tests/routing/test_router.py tests/deadlines/test_policy.py

bench: $(STAMP)
	$(BIN)/python -m bench

# One deadline sweep now against the running `make run` stack; OFFSET=<days> moves its clock.
sweep: $(STAMP)
	$(BIN)/python -m laportools.sweep $(if $(OFFSET),--offset-days $(OFFSET))

clean:
	rm -rf $(VENV) .lapor .pytest_cache .hypothesis test-artifacts

# Infrastructure: CloudFormation for one stage under infra/cdk.out (no AWS account needed).
# STAGE=prod by default; PROFILE=campaign overrides the stage's active scaling profile.
STAGE ?= prod
JSII_ENV := JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=20 JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
synth: $(STAMP)
	cd infra && $(JSII_ENV) LAPOR_DEPLOY_STAGE=$(STAGE) $(if $(PROFILE),LAPOR_PROFILE=$(PROFILE)) ../$(BIN)/python app.py
	@echo "Templates in infra/cdk.out/ (cfn-lint: $(BIN)/cfn-lint infra/cdk.out/$(STAGE).template.json)"

# Deploy one stage with the AWS CDK CLI (needs AWS credentials; `cdk bootstrap` once per account/region).
deploy: $(STAMP)
	cd infra && $(JSII_ENV) npx --yes aws-cdk@2 deploy -c stage=$(STAGE) $(if $(PROFILE),-c profile=$(PROFILE)) --app "../$(BIN)/python app.py" --require-approval broadening

# Operator CLI: make ops ARGS="status" (same as python -m laportools.ops status).
ops: $(STAMP)
	$(BIN)/python -m laportools.ops $(ARGS)

# Surge test: the local stack (AWS endpoint in its own process, campaign profile) on free ports, N reports
# (default 10000), then drain; prints lost/duplicated/DLQ counts, the ratio to raw boto3 writes, latencies.
N ?= 10000
surge: $(STAMP)
	$(BIN)/python -m bench.surge --reports $(N) $(if $(CLIENTS),--clients $(CLIENTS))

# Rebuild the report classifier from corpus/ (deterministic). fastText's trainer and the Lambda's
# predict-only fasttext-predict both install a module named `fasttext`, so training gets its own venv.
# CORRECTIONS=FILE adds the staff's corrections (`make ops ARGS="model export --out FILE"`) to the training;
# the replaced model is kept under chalicelib/data/model/versions/ (roll back: `lapor-ops model pin VERSION`).
TRAINER := $(VENV)/trainer
.PHONY: model
model: $(STAMP)
	@test -x $(TRAINER)/bin/python || $(PYTHON) -m venv $(TRAINER)
	$(TRAINER)/bin/pip install -q -r laportools/requirements-model.txt
	$(BIN)/python -m laportools.model $(if $(CORRECTIONS),--corrections $(abspath $(CORRECTIONS)))

# Locust campaign scenario, headless: against the local stack (started if none answers) or, with
# URL=https://..., a deployed stage (LAPOR_AGENCY_KEY from the environment). USERS, DURATION bound it.
load: $(STAMP)
	$(BIN)/python -m bench.load $(if $(URL),--url $(URL)) $(if $(USERS),--users $(USERS)) $(if $(DURATION),--duration $(DURATION))
