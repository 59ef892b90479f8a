# sipproxy64 - plain GNU make.
PREFIX	?= /usr/local
SBINDIR	?= $(PREFIX)/sbin
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
CPPFLAGS += -D_DEFAULT_SOURCE
STD	= -std=c11 -MMD -MP
WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wmissing-declarations -Wpointer-arith \
	  -Wcast-align -Wsign-compare -Wvla -Wformat=2 -Wundef
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
ifeq ($(SAN),1)
CFLAGS	+= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
LDFLAGS	+= -fsanitize=address,undefined
endif

# Two profiles, both kept apart from CFLAGS so that a packager's CFLAGS
# keep them. The default: PIE, full RELRO, CFLAGS' -O2. `make small`, for
# routers: -Os, LTO, no PIE, into build/small. Both put each function in
# its own section for --gc-sections, leave out the unwind tables and
# their index (C, no exceptions; a debugger uses the -g information; the
# index, --no-eh-frame-hdr, is 64 B) and code alignment,
# and inline only what -O2 inlines for size; the default also leaves out
# passes of -O2 that copy code for speed (loop header copying and the
# block reordering that duplicates blocks: 1.8 kB; the inlining of small
# functions, the vectorizer, partial redundancy elimination, global
# common subexpressions, jump tables and saving registers around calls:
# 0.8 kB;
# the SIP path is not where the time goes). The relay (rtp.c) keeps -O2
# whole, and in the small build its per-packet functions keep -O2 by an
# attribute (PER_PACKET in rtp.c). -fno-plt: calls through the GOT, bound
# at start (-z now), no PLT stubs; relative relocations packed (DT_RELR)
# where the linker can. The small build has no RELRO, so its data need
# not start on a page of its own (common-page-size).
PROFILE	?= default
LEAN	= -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	  -fno-unwind-tables -fno-plt
TUNE	= -falign-functions=1 -falign-loops=1 -fno-inline-functions \
	  $(shell $(CC) -v 2>&1 | grep -q clang || echo -falign-jumps=1 \
	  -falign-labels=1)
LEANLD	= -Wl,--gc-sections -Wl,--hash-style=gnu -Wl,-z,noseparate-code \
	  -Wl,--no-eh-frame-hdr \
	  $(shell echo 'int main(void){return 0;}' | $(CC) -x c - -o /dev/null \
	  -Wl,-z,pack-relative-relocs 2>/dev/null && \
	  echo -Wl,-z,pack-relative-relocs)
ifeq ($(PROFILE),small)
PROF	= -Os -flto -fno-pie
PROFLD	= -Os -flto -no-pie -Wl,-z,norelro,-z,now,-z,common-page-size=64 \
	  -Wl,--build-id=none
AR	= gcc-ar
else
PROF	= -fPIE
TUNE	+= $(shell $(CC) -v 2>&1 | grep -q clang || \
	  echo -freorder-blocks-algorithm=simple -fno-tree-ch \
	  -fno-inline-small-functions -fno-tree-vectorize -fno-tree-pre \
	  -fno-caller-saves -fno-gcse -fno-jump-tables)
PROFLD	= -pie -Wl,-z,relro,-z,now
endif

B	?= .
SRCS	= sl.c obuf.c addr.c acl.c log.c auth.c map.c sip.c edit.c find.c \
	  xlate.c inv.c sdp.c stun.c limit.c proxy.c rtp.c loop.c net.c conf.c \
	  sock.c
OBJS	= $(SRCS:%.c=$(B)/obj/%.o)
LIB	= $(B)/obj/libsipproxy64.a

all: $(B)/sipproxy64

$(B)/obj/%.o: src/%.c
	@mkdir -p $(B)/obj
	$(CC) $(STD) $(WARN) $(CPPFLAGS) $(LEAN) $(TUNE) $(CFLAGS) $(PROF) \
	    -c -o $@ $<

# The relay is compiled for speed; the rest for size.
$(B)/obj/rtp.o: TUNE =

$(LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(B)/sipproxy64: $(B)/obj/main.o $(LIB)
	$(CC) $(CFLAGS) $(PROF) $(LDFLAGS) $(PROFLD) $(LEANLD) -o $@ \
	    $(B)/obj/main.o $(LIB)

# The router build, stripped: build/small/sipproxy64.
small:
	$(MAKE) PROFILE=small B=build/small CFLAGS= build/small/sipproxy64
	strip --strip-all -R .comment build/small/sipproxy64

-include $(B)/obj/*.d
-include t/Makefile.inc

install: $(B)/sipproxy64
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(B)/sipproxy64 $(DESTDIR)$(SBINDIR)/sipproxy64
	install -m 0644 man/sipproxy64.8 $(DESTDIR)$(MANDIR)/man8/sipproxy64.8

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/sipproxy64 \
	    $(DESTDIR)$(MANDIR)/man8/sipproxy64.8

clean:
	rm -rf obj build sipproxy64 t/obj

.PHONY: all small install uninstall clean
