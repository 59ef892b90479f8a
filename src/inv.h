/*
 * inv.h - the family invariant (SPEC 3) of a message about to leave.
 */
#ifndef INV_H
#define INV_H

#include <stddef.h>

int	inv_holds(const char *, size_t, int, int);

#endif
