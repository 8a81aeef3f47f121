# Build, install and package everyauth with its shell completions and man page.
#   make build                        # self-contained release binary: .build/install/everyauth
#   make install                      # into /usr/local (may need sudo)
#   make install PREFIX=$HOME/.local  # into your home, no sudo
#   make install DESTDIR=/tmp/stage   # staged, for packaging
#   make uninstall                    # same PREFIX/DESTDIR as install
#   make dist                         # dist/everyauth-VERSION-linux-ARCH.tar.gz and its .sha256
#   make deb                          # dist/everyauth_VERSION_ARCH.deb (dpkg-deb) and its .sha256
#   make docs                         # regenerate completions/ and man/ (scripts/generate-docs)

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
INSTALL ?= install
STRIP ?= strip

BINDIR = $(PREFIX)/bin
BASH_COMPLETION_DIR = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR = $(PREFIX)/share/fish/vendor_completions.d
MAN1DIR = $(PREFIX)/share/man/man1

# The one version literal lives in the core (User-Agent and --version use it too).
VERSION_FILE = Sources/EveryAuthCore/EveryAuthVersion.swift
VERSION := $(shell sed -n 's/^ *[a-z]* static let current = "\(.*\)"$$/\1/p' $(VERSION_FILE))
ARCH := $(shell uname -m)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
# Archive timestamps: the last commit's time, so the same commit packs the same bytes.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

# The Swift runtime and Foundation are linked in; libc and the C++ runtime stay shared, and libcurl is
# opened at the first request (Sources/CCurl/shim.h).
# -DEVERYAUTH_BUILD_INFO compiles the commit and Swift version that scripts/write-build-info wrote.
# lld, the toolchain's own linker, instead of gold: its binary starts 1.5 to 2.5 ms sooner (of ~15 ms
# for `identity token`; issue 14 asks for 1.5x `curl --version`), with the same glibc requirement
# (no packed relocations: those would need glibc 2.36).
BUILD_FLAGS = -c release --static-swift-stdlib -Xswiftc -DEVERYAUTH_BUILD_INFO -Xswiftc -use-ld=lld
RELEASE_FLAGS = $(BUILD_FLAGS) --product everyauth
BINARY = .build/install/everyauth
DIST_NAME = everyauth-$(VERSION)-linux-$(ARCH)
DIST_STAGE = .build/dist-stage/$(DIST_NAME)
DEB_NAME = everyauth_$(VERSION)_$(DEB_ARCH)
DEB_STAGE = .build/deb-stage/$(DEB_NAME)
DEB_MAINTAINER ?= the everyauth authors <everyauth@users.noreply.invalid>

.PHONY: all build install install-files uninstall dist deb docs test clean-dist print-build-flags

all: build

# Only the product: tests and the fake server are not needed to install. The stripped copy is what
# install, dist and deb ship; the unstripped one in the bin path keeps its symbols for debugging.
build:
	scripts/write-build-info "$(SWIFT)"
	$(SWIFT) build $(RELEASE_FLAGS)
	mkdir -p "$(dir $(BINARY))"
	$(STRIP) -o "$(BINARY)" "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/everyauth"

install: build install-files

# The files alone, from an existing build (dist and deb stage through here with their own dirs).
install-files:
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(BASH_COMPLETION_DIR)" "$(DESTDIR)$(ZSH_COMPLETION_DIR)" \
		"$(DESTDIR)$(FISH_COMPLETION_DIR)" "$(DESTDIR)$(MAN1DIR)"
	$(INSTALL) -m 0755 "$(BINARY)" "$(DESTDIR)$(BINDIR)/everyauth"
	$(INSTALL) -m 0644 completions/everyauth.bash "$(DESTDIR)$(BASH_COMPLETION_DIR)/everyauth"
	$(INSTALL) -m 0644 completions/_everyauth "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_everyauth"
	$(INSTALL) -m 0644 completions/everyauth.fish "$(DESTDIR)$(FISH_COMPLETION_DIR)/everyauth.fish"
	$(INSTALL) -m 0644 man/everyauth.1 "$(DESTDIR)$(MAN1DIR)/everyauth.1"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/everyauth" \
		"$(DESTDIR)$(BASH_COMPLETION_DIR)/everyauth" \
		"$(DESTDIR)$(ZSH_COMPLETION_DIR)/_everyauth" \
		"$(DESTDIR)$(FISH_COMPLETION_DIR)/everyauth.fish" \
		"$(DESTDIR)$(MAN1DIR)/everyauth.1"

# A prefix tree in one folder: `tar -xzf FILE --strip-components=1 -C ~/.local` installs it.
dist: build
	@test -n "$(VERSION)" || { echo "make dist: no version literal in $(VERSION_FILE)" >&2; exit 1; }
	rm -rf "$(DIST_STAGE)" && mkdir -p dist
	$(MAKE) --no-print-directory install-files DESTDIR="$(DIST_STAGE)" PREFIX=
	$(INSTALL) -d "$(DIST_STAGE)/share/doc/everyauth"
	$(INSTALL) -m 0644 README.md LICENSE "$(DIST_STAGE)/share/doc/everyauth/"
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$(SOURCE_DATE_EPOCH) \
		-C "$(dir $(DIST_STAGE))" -cf - "$(DIST_NAME)" | gzip -9n > "dist/$(DIST_NAME).tar.gz"
	cd dist && sha256sum "$(DIST_NAME).tar.gz" > "$(DIST_NAME).tar.gz.sha256"
	@echo "dist/$(DIST_NAME).tar.gz"

# Debian's paths: zsh's vendor-completions, a gzipped man page, the licence as doc/everyauth/copyright.
deb: build
	@test -n "$(VERSION)" || { echo "make deb: no version literal in $(VERSION_FILE)" >&2; exit 1; }
	@test -n "$(DEB_ARCH)" || { echo "make deb: dpkg --print-architecture failed; is this Debian?" >&2; exit 1; }
	rm -rf "$(DEB_STAGE)" && mkdir -p dist
	$(MAKE) --no-print-directory install-files DESTDIR="$(DEB_STAGE)" PREFIX=/usr \
		ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	gzip -9n "$(DEB_STAGE)/usr/share/man/man1/everyauth.1"
	$(INSTALL) -d "$(DEB_STAGE)/usr/share/doc/everyauth" "$(DEB_STAGE)/DEBIAN"
	{ printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'; \
	  printf 'Upstream-Name: everyauth\n\nFiles: *\nCopyright: the everyauth authors\nLicense: MIT\n'; \
	  sed -e 's/^$$/./' -e 's/^/ /' LICENSE; } > "$(DEB_STAGE)/usr/share/doc/everyauth/copyright"
	chmod 0644 "$(DEB_STAGE)/usr/share/doc/everyauth/copyright"
	{ printf 'Package: everyauth\nVersion: $(VERSION)\nArchitecture: $(DEB_ARCH)\n'; \
	  printf 'Maintainer: $(DEB_MAINTAINER)\n'; \
	  printf 'Installed-Size: %s\n' "$$(du -sk "$(DEB_STAGE)/usr" | cut -f1)"; \
	  printf 'Depends: libc6, libcurl4, libgcc-s1, libstdc++6\nSection: utils\nPriority: optional\n'; \
	  printf 'Description: authorize access to PagerDuty and call its API\n'; \
	  printf ' everyauth runs the OAuth loopback flow for PagerDuty, keeps the credentials in a local\n'; \
	  printf ' JSON store, refreshes them, and lists incidents through libcurl.\n'; } > "$(DEB_STAGE)/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz --build "$(DEB_STAGE)" "dist/$(DEB_NAME).deb"
	cd dist && sha256sum "$(DEB_NAME).deb" > "$(DEB_NAME).deb.sha256"

clean-dist:
	rm -rf dist .build/dist-stage .build/deb-stage .build/install

docs:
	scripts/generate-docs

# The README's test command, as CI runs it: the whole suite, in parallel.
test:
	$(SWIFT) test

# The release build's flags without the product, for builds that must match it (Benchmarks/run.sh
# builds pagerduty-fake with them, so neither build recompiles what the other built).
print-build-flags:
	@echo $(BUILD_FLAGS)
