/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.h — small services shared by every layer: the clock and program-generated ids. */
#ifndef GOPY_UTIL_H
#define GOPY_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

typedef int64_t gid; /* a positive 63-bit id (id_new); 0 means "none" */

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). When the environment
 * variable GOPY_NOW holds such a string (tests), that fixed time is used instead. */
void clock_now_iso(char out[21]);

/* A new id in [1, 2^63-1], unique across the copies of a review without asking anyone.
 *
 * Contract: a process draws a random 44-bit block (getrandom(2); a PRNG seeded from time and
 * pid if that fails) and a random start n0 in [1, 2^18], and numbers its ids within the block:
 * id = block << 19 | n, n = n0, n0 + 1, ... up to 2^19 - 1; then it draws another block. Two
 * runs of gopy (on one copy or on two) can give the same id only when they draw the same block
 * and their runs of numbers overlap: for b blocks ever drawn by the copies of one review, the
 * chance that any two share a block is below b^2 / 2^45 (ten thousand runs: 1 in 350,000),
 * whatever the number of ids; ids drawn one by one at random, as before, collide by chance once
 * a review holds billions. Ids made that way stay valid and never change; within one file the
 * store also makes sure an id is free (a bulk import: the unique index refuses a taken one and
 * another is drawn). A process's ids are consecutive
 * integers, so the index on ids takes a bulk import's rows at one place (the end of its
 * block) rather than at random places all over the file. Ids say nothing else: order by
 * created_at, never by id.
 * When GOPY_SEED is set (tests), ids are drawn one by one from a deterministic generator
 * seeded with it (as before blocks), so that outputs are reproducible and stay as recorded. */
gid id_new(void);

/* With GOPY_SEED set, restart the deterministic id sequence from the seed mixed with salt
 * (the store passes the number of rows already in the database, so that each of several
 * processes run one after another on one file gets fresh ids). No effect otherwise. */
void id_reseed(uint64_t salt);

/* True when s is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (also accepts a space instead of
 * T and no Z; then *norm receives the canonical "YYYY-MM-DDTHH:MM:SSZ" form). */
int time_parse_iso(const char *s, char norm[21]);

/* Strict decimal integer: only ASCII digits (a leading '-' when min < 0), no blanks, no '+',
 * no leading zero unless the number is 0, within [min, max]. True and *out set on success. */
bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Show the stored UTC time iso ("YYYY-MM-DDTHH:MM:SSZ", or a date "YYYY-MM-DD") in the user's
 * time zone (TZ, else the system's) and the language's form: "2026-11-30 14:05" in English,
 * "30/11/2026 14:05" in Vietnamese (the format is a message of the catalogue); a date alone is
 * shown as a date ("30/11/2026"), without conversion. Text that is not such a time is copied.
 * Writes at most n bytes (n >= 1) into out. */
void time_show(const char *iso, char *out, size_t n);

/* Today's date in the user's time zone, "YYYY-MM-DD" (GOPY_NOW, if set, is converted too). */
void clock_today_local(char out[11]);

#endif
