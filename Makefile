# muster: a Procfile process supervisor.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -std=c99 -Wall -Wextra -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wshadow -Wpointer-arith -Wwrite-strings
CPPFLAGS += -D_GNU_SOURCE
LDLIBS = -lev -linih

# Objects go to $(O); the sanitizer build uses its own directory.
O ?= build
MUSTER ?= muster

EXPORT_SRCS = src/export.c src/export-compose.c src/export-kubernetes.c \
	src/export-runit.c src/export-supervisord.c src/export-systemd.c
SRCS = src/app.c src/attach.c src/bytes.c src/client.c src/config.c \
	src/config-ini.c src/connect.c src/control.c src/ctlproto.c \
	src/depend.c src/dotenv.c src/environ.c $(EXPORT_SRCS) src/file.c src/format.c \
	src/formation.c src/guard.c src/inst.c src/log.c src/notify.c src/order.c \
	src/output.c src/proc.c src/procfile.c src/ready.c \
	src/quote.c src/reaper.c src/run.c src/scrollback.c src/sdnotify.c \
	src/sig.c src/sink.c src/stream.c src/supervisor.c src/utf8.c src/xmalloc.c
OBJS = $(SRCS:src/%.c=$(O)/%.o)
UNITS = procfile dotenv environ formation config quote sig utf8 inst \
	format sink scrollback ctlproto order ready sdnotify
UNIT_BINS = $(UNITS:%=$(O)/check_%)
MANS = man/muster.1 man/procfile.5 man/muster.ini.5

all: $(MUSTER)

$(O)/%.o: src/%.c src/muster.h src/sv.h
	@mkdir -p $(O)
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) -c -o $@ $<

# Only the export driver and its formats see export.h.
$(EXPORT_SRCS:src/%.c=$(O)/%.o): src/export.h

$(MUSTER): $(OBJS) $(O)/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(O)/main.o $(LDLIBS)

# A static build, for containers (FROM scratch) and small footprints: no
# shared libraries mapped, so its resident size is muster's own.
muster-static: $(OBJS) $(O)/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -static -o $@ $(OBJS) $(O)/main.o $(LDLIBS)

static: muster-static

$(O)/check_%: tests/unit/check_%.c tests/unit/unit.h src/sv.h $(OBJS)
	$(CC) $(CPPFLAGS) $(WARNINGS) -Isrc $(CFLAGS) \
	    $$(pkg-config --cflags check) -o $@ $< $(OBJS) $(LDFLAGS) \
	    $(LDLIBS) $$(pkg-config --libs check)

check: $(MUSTER) $(UNIT_BINS)
	@for t in $(UNIT_BINS); do ./$$t || exit 1; done
	bash tests/completion/run.sh
	MUSTER=$(CURDIR)/$(MUSTER) bash tests/system/run.sh

# The system scenarios against the static build.
check-static: muster-static
	MUSTER=$(CURDIR)/muster-static bash tests/system/run.sh

# The bash, zsh and fish completions, and where make install puts them
# (also part of check).
check-completion:
	bash tests/completion/run.sh

check-asan:
	$(MAKE) O=build-asan MUSTER=build-asan/muster \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" check

# The unit tests and most system scenarios with muster under valgrind.
check-valgrind: $(MUSTER) $(UNIT_BINS)
	bash tests/valgrind/check.sh $(MUSTER) $(UNIT_BINS)

# libFuzzer targets for the parsers, FUZZ_SECONDS each (tests/fuzz/).
FUZZ_SECONDS ?= 60
FUZZERS = procfile dotenv formation ini quote ctl frame notify
PARSER_SRCS = src/app.c src/bytes.c src/config.c src/config-ini.c \
	src/ctlproto.c src/dotenv.c src/environ.c src/file.c src/formation.c \
	src/log.c src/order.c src/procfile.c src/quote.c src/sdnotify.c \
	src/sig.c src/utf8.c src/xmalloc.c

fuzz: $(FUZZERS:%=build-fuzz/fuzz_%)
	@for t in $(FUZZERS); do \
	    mkdir -p build-fuzz/corpus-$$t; \
	    echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	    ./build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=65536 -dict=tests/fuzz/$$t.dict \
	        -artifact_prefix=build-fuzz/$$t- \
	        build-fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# Every seed and kept crash input, run once through its target.
fuzz-regress: $(FUZZERS:%=build-fuzz/fuzz_%)
	@for t in $(FUZZERS); do \
	    ./build-fuzz/fuzz_$$t tests/fuzz/corpus/$$t/* || exit 1; \
	done

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(PARSER_SRCS) src/muster.h
	@mkdir -p build-fuzz
	clang -g -O1 $(CPPFLAGS) -Isrc -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -o $@ $< $(PARSER_SRCS) -linih

# Benchmarks against foreman and a raw pipe (bench/README.md); they assert
# nothing.  bench-quick only proves the runner still works.
bench/probe: bench/probe.c
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/probe.c

bench/stamp: bench/stamp.c
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/stamp.c

BENCH = MUSTER=$(CURDIR)/$(MUSTER) MUSTER_STATIC=$(CURDIR)/muster-static \
	bash bench/run.sh

bench: $(MUSTER) muster-static bench/probe bench/stamp
	$(BENCH)

bench-quick: $(MUSTER) muster-static bench/probe bench/stamp
	$(BENCH) --quick

# Shell completions (completions/); packagers may move them.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

install: $(MUSTER)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(MUSTER) $(DESTDIR)$(BINDIR)/muster
	install -m 644 man/muster.1 $(DESTDIR)$(MANPREFIX)/man1/muster.1
	install -m 644 man/procfile.5 man/muster.ini.5 \
	    $(DESTDIR)$(MANPREFIX)/man5/
	install -m 644 completions/muster.bash $(DESTDIR)$(BASHCOMPDIR)/muster
	install -m 644 completions/_muster $(DESTDIR)$(ZSHCOMPDIR)/_muster
	install -m 644 completions/muster.fish \
	    $(DESTDIR)$(FISHCOMPDIR)/muster.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/muster $(DESTDIR)$(MANPREFIX)/man1/muster.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/procfile.5 \
	    $(DESTDIR)$(MANPREFIX)/man5/muster.ini.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/muster $(DESTDIR)$(ZSHCOMPDIR)/_muster \
	    $(DESTDIR)$(FISHCOMPDIR)/muster.fish

FORMAT_SRCS = src/*.c src/*.h tests/unit/*.c tests/fuzz/*.c tests/fuzz/*.h \
	bench/probe.c bench/stamp.c

lint:
	mandoc -T lint -W warning $(MANS)
	shellcheck tests/system/*.sh tests/valgrind/check.sh tests/valgrind/muster \
	    bench/run.sh scripts/setup-debian .ci/run \
	    completions/muster.bash tests/completion/run.sh \
	    tests/packaging/deb.sh packaging/debian/build.sh
	clang-format --dry-run -Werror $(FORMAT_SRCS)

format:
	clang-format -i $(FORMAT_SRCS)

clean:
	rm -rf build build-asan build-fuzz muster muster-static bench/probe \
	    bench/stamp

.PHONY: all static check check-static check-completion check-asan check-valgrind fuzz fuzz-regress \
	bench bench-quick install uninstall lint format clean
