/*
 * internal.h: every layer's internal declarations at once, for tests of one
 * module. A file of lib/ includes its own folder's header instead
 * (lib/base/base.h, sql.h, store.h, records/sink.h, formats/parser.h,
 * analysis.h, ingest.h, bundle.h, synth/synth.h), each including the one
 * below, so that a lower layer cannot see a higher one's declarations;
 * tests/layers.sh fails when a file of lib/ includes this one. Commands
 * include only custody.h.
 */
#ifndef CUSTODY_INTERNAL_H
#define CUSTODY_INTERNAL_H

/* Every layer's declarations, the highest including the rest. */
#include "synth.h"

#endif /* CUSTODY_INTERNAL_H */
