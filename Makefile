# SPDX-License-Identifier: GPL-3.0-or-later
# gopy — review draft documents and their threaded comments in the terminal.
# make            build ./gopy            make check   run every test (N passed, N failed)
# make demo       build and open the demo make asan    tests under ASan+UBSan
# make bench      benchmarks (long; make bench-outline, make bench-overview, make bench-align, make bench-carry,
#                 make bench-pg, make bench-merge: one part alone)
# make install / uninstall (PREFIX, MANPREFIX, DESTDIR)
# make check-render  the tests that drive LibreOffice and Chromium (slow)
# make po         refresh po/gopy.pot from the sources and merge it into every po/*.po

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/gopy
LOCALEDIR ?= $(PREFIX)/share/locale
SYSCONFDIR ?= /etc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKG_CONFIG ?= pkg-config
PKGS       = ncursesw sqlite3 libutf8proc libzip expat xlsxwriter libpq nettle

CC        ?= cc
CFLAGS    ?= -O2 -g
# Recursive (=) so that pkg-config runs only when compiling, after `deps` had its chance.
# CPPFLAGS, CFLAGS and LDFLAGS are the user's (Debian passes -D_FORTIFY_SOURCE=2 in CPPFLAGS).
ALL_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -Iinclude -DGOPY_VERSION='"$(VERSION)"' -DGOPY_DATADIR='"$(DATADIR)"' \
             -DGOPY_LOCALEDIR='"$(LOCALEDIR)"' -DGOPY_SYSCONFDIR='"$(SYSCONFDIR)"' \
             $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CPPFLAGS) $(CFLAGS)
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm $(LDLIBS)
TEST_LIBS  = $(shell $(PKG_CONFIG) --libs cmocka)

BUILD     ?= build
BIN       ?= gopy
# One folder a layer: base, text, store, import, report, ui, cli (see src/README.md).
SRC        = $(wildcard src/*/*.c)
CORE_SRC   = $(filter-out src/cli/% src/ui/%,$(SRC))
UI_SRC     = $(filter src/ui/%,$(SRC))
CLI_SRC    = $(filter src/cli/%,$(SRC))
CORE_OBJ   = $(CORE_SRC:src/%.c=$(BUILD)/%.o)
ALL_OBJ    = $(SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
# Message catalogues: po/LANG.po compiled to BUILD/locale/LANG/LC_MESSAGES/gopy.mo, where a
# gopy run from the tree finds them (see src/base/i18n.c).
PO_LANGS   = $(basename $(notdir $(wildcard po/*.po)))
MO_FILES   = $(PO_LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/gopy.mo)
# Each fuzz target replays its seeds (tests/fuzz/corpus_NAME) in `make check` (replay.c),
# linked with every layer but main() (the importer's and the limit's targets need cli and ui).
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/test_fuzz_%)
NOMAIN_OBJ = $(filter-out $(BUILD)/cli/main.o,$(ALL_OBJ))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: FORCE all deps check check-render tests asan demo bench bench-scale bench-outline bench-overview bench-align \
        bench-carry bench-pg bench-merge fuzz stress \
        install uninstall clean lint-man man-keys po

all: $(BIN) $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/gopy.mo: po/%.po
	@mkdir -p $(@D)
	@echo "  MSGFMT $<"
	$(Q)msgfmt --check -o $@ $<

# Refresh the template from every _(), N_(), C_() and ngettext() of the sources, then merge it into
# each translation (new strings arrive untranslated, changed ones fuzzy: translate them all).
po:
	xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kC_:1c,2 -kngettext:1,2 --add-comments=TRANSLATORS: \
	    --package-name=gopy --package-version=$(VERSION) --msgid-bugs-address= \
	    --sort-by-file -o po/gopy.pot $(sort $(SRC))
	@for po in po/*.po; do msgmerge --quiet --update --backup=none --previous $$po po/gopy.pot && msgattrib --no-obsolete -o $$po $$po || exit 1; done
	@for po in po/*.po; do msgfmt --check --statistics -o /dev/null $$po || exit 1; done

$(BIN): $(ALL_OBJ)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(ALL_OBJ) $(LIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LIBS) $(TEST_LIBS)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(NOMAIN_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -DCORPUS='"tests/fuzz/corpus_$*"' $(LDFLAGS) -o $@ tests/fuzz/replay.c $< $(NOMAIN_OBJ) $(LIBS)

-include $(ALL_OBJ:.o=.d) $(UNIT_BIN:=.d)

# The installed paths are compiled in: when PREFIX, DATADIR, LOCALEDIR or SYSCONFDIR change
# (make install PREFIX=/usr after a plain make), the files that use them are rebuilt.
PATHS = $(DATADIR) $(LOCALEDIR) $(SYSCONFDIR)
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PATHS)' | cmp -s - $@ || echo '$(PATHS)' > $@
$(BUILD)/base/i18n.o $(BUILD)/base/config.o $(BUILD)/cli/cli_demo.o: $(BUILD)/paths.stamp
FORCE:

# Install missing build and test dependencies (apt-get as root or with sudo), or say how.
deps:
	@sh scripts/deps.sh

# The test command of the README: dependencies, build, every test, one summary line.
check:
	@sh scripts/deps.sh --test
	@$(MAKE) --no-print-directory all tests
	@GOPY=$(CURDIR)/$(BIN) BUILD=$(BUILD) bash tests/run.sh

tests: $(BIN) $(UNIT_BIN) $(BUILD)/tests/libfaultvfs.so $(FUZZ_REPLAY) $(MO_FILES)

# The fault-injecting SQLite VFS of tests/fault (loaded with LD_PRELOAD by the sweeps).
$(BUILD)/tests/libfaultvfs.so: tests/fault/faultvfs.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) -std=c11 -Wall -Wextra -Wpedantic -O2 -g -shared -fPIC $(shell $(PKG_CONFIG) --cflags sqlite3) \
	    -o $@ $< $(shell $(PKG_CONFIG) --libs sqlite3)

# Tests that drive LibreOffice and Chromium (a few seconds a file): office files converted and
# read back, the report rendered to A4 PDF.
check-render:
	@sh scripts/deps.sh --render
	@$(MAKE) --no-print-directory all
	@GOPY=$(CURDIR)/$(BIN) BUILD=$(BUILD) SUITE=render bash tests/run.sh

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	@sh scripts/deps.sh --test
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/gopy \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined" check

# make demo DEMO_DB=postgresql:///review builds and opens the sample review on a server instead
# (an empty database the server's administrator made: createdb review).
demo: gopy
	./gopy demo $(if $(DEMO_DB),'$(DEMO_DB)')

bench: gopy
	@sh scripts/deps.sh --bench
	@GOPY=$(CURDIR)/gopy bash tests/bench/run.sh
	@$(MAKE) --no-print-directory bench-outline
	@$(MAKE) --no-print-directory bench-overview
	@$(MAKE) --no-print-directory bench-align
	@$(MAKE) --no-print-directory bench-merge
	@$(MAKE) --no-print-directory bench-carry
	@$(MAKE) --no-print-directory bench-scale
	@$(MAKE) --no-print-directory bench-pg

# The PostgreSQL column (issue 12): the same review in a file and on a private PostgreSQL server,
# figure by figure (BENCH_PG_N comments, default 100,000); its section of RESULTS.md.
bench-pg: gopy
	@sh scripts/deps.sh --bench
	@GOPY=$(CURDIR)/gopy bash tests/bench/pg.sh

# Issue 17 at the sizes of BENCH_N (default 1, 5 and 26 million comments; it says what each size
# needs in time and disk before it starts, and stops when the disk has too little free)
bench-scale: gopy
	@sh scripts/deps.sh --bench
	@GOPY=$(CURDIR)/gopy bash tests/bench/run.sh scale.py

# The overview (gopy stats, the overview screen) at a million comments (target < 1 s), beside
# the same figures by a scan; its section of RESULTS.md.
bench-overview: gopy
	@GOPY=$(CURDIR)/gopy bash tests/bench/overview.sh

bench-merge: gopy
	@GOPY=$(CURDIR)/gopy bash tests/bench/merge.sh

# The outline parser on a 2,000-section draft (target < 50 ms), its section of RESULTS.md.
bench-outline: gopy $(BUILD)/bench/outline_bench
	@OUTLINE_BENCH=$(BUILD)/bench/outline_bench GOPY=$(CURDIR)/gopy bash tests/bench/outline.sh

$(BUILD)/bench/outline_bench: tests/bench/outline_bench.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LIBS)

# Aligning two versions of a 300-article draft (target < 100 ms), its section of RESULTS.md.
# Comments of earlier rounds at scale: a 300-article draft in three versions with a million
# comments against the same comments on one version (target: within 1.5×); its section of RESULTS.md.
bench-carry: gopy $(BUILD)/bench/align_bench
	@ALIGN_BENCH=$(BUILD)/bench/align_bench GOPY=$(CURDIR)/gopy bash tests/bench/carry.sh

bench-align: gopy $(BUILD)/bench/align_bench
	@ALIGN_BENCH=$(BUILD)/bench/align_bench GOPY=$(CURDIR)/gopy bash tests/bench/align.sh

$(BUILD)/bench/align_bench: tests/bench/align_bench.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LIBS)

# Man pages: man/gopy.1 (English) and man/LANG/gopy.1 (translations); their version is kept
# equal to VERSION by make man-keys (tests/i18n/man.sh checks it).
MAN_LANGS  = $(notdir $(patsubst %/,%,$(dir $(wildcard man/*/gopy.1))))

install: $(BIN) $(MO_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATADIR)/sample-data \
	    $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/gopy
	install -m 644 man/gopy.1 $(DESTDIR)$(MANPREFIX)/man1/gopy.1
	for l in $(MAN_LANGS); do \
	    install -d $(DESTDIR)$(MANPREFIX)/$$l/man1 && \
	    install -m 644 man/$$l/gopy.1 $(DESTDIR)$(MANPREFIX)/$$l/man1/gopy.1 || exit 1; \
	done
	install -m 644 sample-data/* $(DESTDIR)$(DATADIR)/sample-data/
	for l in $(PO_LANGS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/gopy.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gopy.mo || exit 1; \
	done
	install -m 644 completion/gopy.bash $(DESTDIR)$(BASHCOMPDIR)/gopy

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gopy $(DESTDIR)$(MANPREFIX)/man1/gopy.1 $(DESTDIR)$(BASHCOMPDIR)/gopy
	for l in $(MAN_LANGS); do rm -f $(DESTDIR)$(MANPREFIX)/$$l/man1/gopy.1; done
	for l in $(PO_LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gopy.mo; done
	rm -rf $(DESTDIR)$(DATADIR)

lint-man:
	mandoc -Tlint -W warning man/gopy.1 $(wildcard man/*/gopy.1)

clean:
	rm -rf build build-asan gopy

# Regenerate the key lists of the man pages from the key tables, in English and in Vietnamese.
man-keys: $(BIN) $(MO_FILES)
	@for m in man/gopy.1 $(wildcard man/*/gopy.1); do \
	    sed -i 's/^\(\.TH GOPY 1 [^ ]* \)"gopy [^"]*"/\1"gopy $(VERSION)"/' $$m || exit 1; done
	@sh scripts/man-block.sh man/gopy.1 KEYS env LC_ALL=C.UTF-8 LANGUAGE=en ./$(BIN) --keys-man
	@if [ -f man/vi/gopy.1 ]; then \
	    sh scripts/man-block.sh man/vi/gopy.1 KEYS env LC_ALL=C.UTF-8 LANGUAGE=vi ./$(BIN) --keys-man; fi

# Fuzz every target in tests/fuzz for FUZZ_SECONDS each (clang's libFuzzer, ASan, UBSan),
# starting from its seeds (tests/fuzz/corpus_NAME) and what earlier runs found
# ($(BUILD)/fuzz/corpus-NAME). Prints one line a target: runs, executions a second, corpus
# size; a crash stops with the input saved as $(BUILD)/fuzz/crash-*. Figures: tests/ROBUSTNESS.md.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
fuzz:
	@mkdir -p $(BUILD)/fuzz
	@for f in $(FUZZ_SRC); do \
	    n=$$(basename $$f .c); seeds=tests/fuzz/corpus_$${n#fuzz_}; \
	    $(FUZZ_CC) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	        -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DGOPY_VERSION='"$(VERSION)"' -DGOPY_DATADIR='"$(DATADIR)"' \
	        -Iinclude $$($(PKG_CONFIG) --cflags $(PKGS)) -o $(BUILD)/fuzz/$$n $$f \
	        $(filter-out src/cli/main.c,$(SRC)) $$($(PKG_CONFIG) --libs $(PKGS)) || exit 1; \
	    mkdir -p $(BUILD)/fuzz/corpus-$$n; \
	    [ -d $$seeds ] || seeds=; \
	    LANG=C.UTF-8 $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 \
	        -artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus-$$n $$seeds >$(BUILD)/fuzz/$$n.log 2>&1 \
	        || { tail -n 40 $(BUILD)/fuzz/$$n.log; echo "  FUZZ  $$n: FOUND A CRASH (see $(BUILD)/fuzz/)"; exit 1; }; \
	    echo "  FUZZ  $$n: $$(grep -o 'Done [0-9]* runs in [0-9]* second(s)' $(BUILD)/fuzz/$$n.log)," \
	         "corpus $$(ls $(BUILD)/fuzz/corpus-$$n | wc -l) files, 0 crashes"; \
	done

# The long runs (minutes): kill -9 rounds, sustained concurrency, the 300,000-row import
# with writers, every fault sweep, and fuzzing (FUZZ_SECONDS each). See tests/ROBUSTNESS.md.
stress: all tests
	@GOPY=$(CURDIR)/$(BIN) BUILD=$(BUILD) bash tests/stress/run.sh
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-120}
