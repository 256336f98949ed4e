/*
 * bundle.h: declarations internal to lib/ of the bundle layer: sealing and
 * checking bundles. A file of lib/bundle/ includes this header; it includes
 * the layer below, so a file sees its own layer and those under it, never
 * one above (tests/layers.sh checks the same of symbols and includes).
 */
#ifndef CUSTODY_BUNDLE_H
#define CUSTODY_BUNDLE_H

#include "ingest.h"

/* ------------------------------------------------------------ misc */

/* Where a bundle carries the chain as CASE/UCO JSON-LD (caseuco.c). */
#define CUSTODY_UCO_FILE "data/custody-case-uco.jsonld"
/* The format name every such file states, in its Investigation node. */
#define CUSTODY_UCO_FORMAT "custody-case-uco/1"

#endif /* CUSTODY_BUNDLE_H */
