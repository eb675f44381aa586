# Every target sets up .venv by itself: on a fresh clone `make issue Q=2016Q4`
# and `make test` are all the set-up there is.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
Q ?= 2016Q4

# The quarter's issue files: the original (issues/2016Q4.yaml) and its translations (issues/2016Q4.fr.yaml, ...).
# LANG=fr picks one of them, and only when given on the command line: the shell's own LANG (en_US.UTF-8) names
# a locale, not one of our languages, and is not passed on to bulletinpdf.
ifeq ($(origin LANG),command line)
ISSUE_FILES := issues/$(Q)$(if $(filter en,$(LANG)),,.$(LANG)).yaml
unexport LANG
else
ISSUE_FILES := $(wildcard issues/$(Q).yaml) $(sort $(wildcard issues/$(Q).*.yaml))
endif
ISSUE_FILE := $(or $(firstword $(ISSUE_FILES)),issues/$(Q).yaml)
# Every file in turn; the status is 1 when any of them failed, after all were tried.
EACH_ISSUE = status=0; for file in $(or $(ISSUE_FILES),$(ISSUE_FILE)); do $(1) "$$file" || status=1; done; exit $$status

.PHONY: issue check new proof watch email test clean all bench references

# The stamp is rebuilt whenever the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Our own modules as bytecode, recompiled whenever a source changes. Where PYTHONDONTWRITEBYTECODE is set
# (as on this machine and many CI runners) Python would otherwise compile them again on every run: 0.4 s
# of each build. pip compiles the installed libraries itself.
$(VENV)/.compiled: $(VENV)/.installed $(shell find src -name '*.py')
	$(BIN)/python -m compileall -q src
	touch $@

issue: $(VENV)/.compiled
	@$(call EACH_ISSUE,$(BIN)/bulletinpdf build)

# Preflight both editions without writing them; exit status 1 on any error.
check: $(VENV)/.compiled
	@$(call EACH_ISSUE,$(BIN)/bulletinpdf check)

# The editor's workflow: start the next issue, see its pages, rebuild on save, make the subscriber e-mail.
new: $(VENV)/.compiled
	$(BIN)/bulletinpdf new $(Q)

proof: $(VENV)/.compiled
	$(BIN)/bulletinpdf proof --check $(ISSUE_FILE)

watch: $(VENV)/.compiled
	$(BIN)/bulletinpdf watch $(ISSUE_FILE)

email: $(VENV)/.compiled
	$(BIN)/bulletinpdf email $(ISSUE_FILE)

# Every issue under issues/, one build per core; with fewer issues than cores each build
# also prepares photos and draws its editions in forked processes (BULLETINPDF_JOBS, see forking.py).
all: $(VENV)/.compiled
	@cores=$$($(BIN)/python -c 'import os; print(os.cpu_count() or 1)'); \
	count=$$(ls issues/*.yaml | wc -l); \
	per_issue=$$(if [ $$count -ge $$cores ]; then echo 1; else echo $$cores; fi); \
	ls issues/*.yaml | BULLETINPDF_JOBS=$$per_issue xargs -n 1 -P $$cores $(BIN)/bulletinpdf build

# Timings against the import floor (README, "Speed"); not part of `make test`.
bench: $(VENV)/.compiled
	$(BIN)/python benchmarks/bench.py

test: $(VENV)/.compiled
	$(BIN)/python -m pytest -q

# Rewrites tests/references/*.png from the current build; look at every page before committing them.
references: $(VENV)/.compiled
	BULLETINPDF_UPDATE_REFERENCES=1 $(BIN)/python -m pytest -q tests/test_references.py

clean:
	rm -rf build
