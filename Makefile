# gopy — review draft documents and their threaded comments in the terminal.
# make            build ./gopy            make check   run every test (N passed, N failed)
# make demo       build and open the demo make asan    tests under ASan+UBSan
# make bench      benchmarks (long; make bench-outline, make bench-overview, make bench-align: one part alone)
# make install / uninstall (PREFIX, MANPREFIX, DESTDIR)
# make check-render  the tests that drive LibreOffice and Chromium (slow)

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/gopy
PKG_CONFIG ?= pkg-config
PKGS       = ncursesw sqlite3 libutf8proc libzip expat xlsxwriter

CC        ?= cc
CFLAGS    ?= -O2 -g
# Recursive (=) so that pkg-config runs only when compiling, after `deps` had its chance.
ALL_CFLAGS = -std=c11 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -Iinclude -DGOPY_VERSION='"$(VERSION)"' -DGOPY_DATADIR='"$(DATADIR)"' \
             $(shell $(PKG_CONFIG) --cflags $(PKGS)) $(CFLAGS)
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
# Each fuzz target replays its seeds (tests/fuzz/corpus_NAME) in `make check` (replay.c).
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/test_fuzz_%)

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all deps check check-render tests asan demo bench bench-outline bench-overview bench-align fuzz install uninstall clean lint-man man-keys

all: $(BIN)

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

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -DCORPUS='"tests/fuzz/corpus_$*"' $(LDFLAGS) -o $@ tests/fuzz/replay.c $< $(CORE_OBJ) $(LIBS)

-include $(ALL_OBJ:.o=.d) $(UNIT_BIN:=.d)

# Install missing build and test dependencies (apt-get as root or with sudo), or say how.
deps:
	@sh scripts/deps.sh

# The test command of the README: dependencies, build, every test, one summary line.
check:
	@sh scripts/deps.sh --test
	@$(MAKE) --no-print-directory all tests
	@GOPY=$(CURDIR)/$(BIN) BUILD=$(BUILD) bash tests/run.sh

tests: $(BIN) $(UNIT_BIN) $(FUZZ_REPLAY)

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

demo: gopy
	./gopy demo

bench: gopy
	@sh scripts/deps.sh --bench
	@GOPY=$(CURDIR)/gopy bash tests/bench/run.sh
	@$(MAKE) --no-print-directory bench-outline
	@$(MAKE) --no-print-directory bench-overview
	@$(MAKE) --no-print-directory bench-align

# The overview (gopy stats, the overview screen) at a million comments (target < 1 s), beside
# the same figures by a scan; its section of RESULTS.md.
bench-overview: gopy
	@GOPY=$(CURDIR)/gopy bash tests/bench/overview.sh

# The outline parser on a 2,000-section draft (target < 50 ms), its section of RESULTS.md.
bench-outline: gopy $(BUILD)/bench/outline_bench
	@OUTLINE_BENCH=$(BUILD)/bench/outline_bench GOPY=$(CURDIR)/gopy bash tests/bench/outline.sh

$(BUILD)/bench/outline_bench: tests/bench/outline_bench.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LIBS)

# Aligning two versions of a 300-article draft (target < 100 ms), its section of RESULTS.md.
bench-align: gopy $(BUILD)/bench/align_bench
	@ALIGN_BENCH=$(BUILD)/bench/align_bench GOPY=$(CURDIR)/gopy bash tests/bench/align.sh

$(BUILD)/bench/align_bench: tests/bench/align_bench.c $(CORE_OBJ)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_OBJ) $(LIBS)

install: gopy
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(DATADIR)/sample-data
	install -m 755 gopy $(DESTDIR)$(BINDIR)/gopy
	sed 's/@VERSION@/$(VERSION)/g' man/gopy.1 > $(DESTDIR)$(MANPREFIX)/man1/gopy.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/gopy.1
	install -m 644 sample-data/* $(DESTDIR)$(DATADIR)/sample-data/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gopy $(DESTDIR)$(MANPREFIX)/man1/gopy.1
	rm -rf $(DESTDIR)$(DATADIR)

lint-man:
	mandoc -Tlint -W warning man/gopy.1

clean:
	rm -rf build build-asan gopy

# Regenerate the KEYS section of the man page from the keymap.
man-keys: gopy
	@./gopy --keys-man > man/.keys.tmp
	@awk 'FNR == NR { keys = keys $$0 "\n"; next } /^\.\\" BEGIN KEYS/ { print; printf "%s", keys; skip = 1; next } /^\.\\" END KEYS/ { skip = 0 } !skip' man/.keys.tmp man/gopy.1 > man/.gopy.1.tmp
	@mv man/.gopy.1.tmp man/gopy.1 && rm -f man/.keys.tmp

# Fuzz every target in tests/fuzz for FUZZ_SECONDS each (clang's libFuzzer, ASan, UBSan).
FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p $(BUILD)/fuzz
	@for f in $(FUZZ_SRC); do \
	    n=$$(basename $$f .c); \
	    echo "  FUZZ  $$n ($(FUZZ_SECONDS) s)"; \
	    clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	        -Iinclude $$($(PKG_CONFIG) --cflags $(PKGS)) -o $(BUILD)/fuzz/$$n $$f \
	        $(filter-out src/cli/% src/ui/% src/store/% src/report/%,$(SRC)) \
	        $$($(PKG_CONFIG) --libs $(PKGS)) || exit 1; \
	    mkdir -p $(BUILD)/fuzz/corpus-$$n; \
	    seeds=tests/fuzz/corpus_$${n#fuzz_}; [ -d $$seeds ] || seeds=; \
	    $(BUILD)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) $(BUILD)/fuzz/corpus-$$n $$seeds || exit 1; \
	done
