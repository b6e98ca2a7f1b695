#!/usr/bin/env bash
# Regenerates the committed FlatBuffers Java (package bookshard.codec.fb) from schema/*.fbs.
# flatc must be 2.0.8 to match the flatbuffers-java runtime in pom.xml
# (Debian: apt-get install flatbuffers-compiler).
set -euo pipefail
cd "$(dirname "$0")/.."
want=2.0.8
have=$(flatc --version | awk '{print $3}')
if [ "$have" != "$want" ]; then
  echo "flatc $have found, $want needed (runtime flatbuffers-java is $want)" >&2
  exit 1
fi
rm -rf src/main/java/bookshard/codec/fb
flatc --java -o src/main/java schema/events.fbs schema/snapshot.fbs schema/commands.fbs schema/replies.fbs schema/feed.fbs schema/journal.fbs schema/guard.fbs schema/accounts.fbs
