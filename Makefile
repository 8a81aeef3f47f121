# Build and install everyauth with its shell completions and man page.
#   make install                      # into /usr/local (may need sudo)
#   make install PREFIX=$HOME/.local  # into your home, no sudo
#   make install DESTDIR=/tmp/stage   # staged, for packaging
#   make uninstall                    # same PREFIX/DESTDIR as install
#   make docs                         # regenerate completions/ and man/ (scripts/generate-docs)

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
INSTALL ?= install

BINDIR = $(PREFIX)/bin
BASH_COMPLETION_DIR = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR = $(PREFIX)/share/fish/vendor_completions.d
MAN1DIR = $(PREFIX)/share/man/man1

.PHONY: all build install uninstall docs test

all: build

# Only the product: tests and the fake server are not needed to install.
build:
	$(SWIFT) build -c release --product everyauth

install: build
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(BASH_COMPLETION_DIR)" "$(DESTDIR)$(ZSH_COMPLETION_DIR)" \
		"$(DESTDIR)$(FISH_COMPLETION_DIR)" "$(DESTDIR)$(MAN1DIR)"
	$(INSTALL) -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/everyauth" "$(DESTDIR)$(BINDIR)/everyauth"
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

docs:
	scripts/generate-docs

# The README's test command, as CI runs it: the whole suite, in parallel.
test:
	$(SWIFT) test
