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

B	?= .
SRCS	= sl.c obuf.c addr.c acl.c log.c auth.c map.c sip.c edit.c find.c \
	  xlate.c inv.c sdp.c stun.c limit.c proxy.c rtp.c loop.c net.c conf.c
OBJS	= $(SRCS:%.c=$(B)/obj/%.o)
LIB	= $(B)/obj/libsipproxy64.a

all: $(B)/sipproxy64

$(B)/obj/%.o: src/%.c
	@mkdir -p $(B)/obj
	$(CC) $(STD) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(B)/sipproxy64: $(B)/obj/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/obj/main.o $(LIB)

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

.PHONY: all install uninstall clean
