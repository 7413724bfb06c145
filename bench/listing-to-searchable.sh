#!/usr/bin/env bash
# Time from arXiv publishing a listing to its papers being searchable by keyword and by meaning, on the default
# settings (SQLite, the in-process embedding model, arxiv.request-interval 3 s) except where arXiv is (a stand-in on
# loopback serving PAPERS real papers of the corpus as today's listing: Atom feed, OAI-PMH, search API) and when the
# jobs run (a cron at each minute's start; the listing is published at the first one after the server is ready).
#   bench/listing-to-searchable.sh [PAPERS] [CORPUS]       (default 300 papers of the demo's 10k corpus)
# Prints the scheduling delay the default crons add, then a table per path: the harvest reads the listing (the
# defaults' order), or the listing job alone gets them (the harvest missed them: it harvests when more than 20 are missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAPERS="${1:-300}"
CORPUS="${2:-$ROOT/../shared/data/demo-corpus/arxiv-cs-10k.jsonl.gz}"
[ -f "$CORPUS" ] || CORPUS=/work/shared/data/demo-corpus/arxiv-cs-10k.jsonl.gz
"$ROOT/paperboy" build
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -cp "$ROOT/target/paperboy.jar" "$ROOT/bench/ListingToSearchable.java" "$ROOT" "$CORPUS" "$PAPERS"
