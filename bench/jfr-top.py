#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go: top frames (self) and the share of samples whose
stack passes through each bucket (inclusive), from `jfr print --events jdk.ExecutionSample`.
   bench/jfr-top.py node.jfr [N]"""
import collections, re, subprocess, sys

BUCKETS = [  # the innermost frame that matches names the bucket; JDK last (never an owner)
    ("H2 / JDBC", ("org.h2.", "org.postgresql.", "com.zaxxer.")),
    ("journal (pekko-persistence-jdbc, slick)", ("org.apache.pekko.persistence.jdbc", "slick.")),
    ("routing DSL (directives, route tree)", ("org.apache.pekko.http.scaladsl.server.", "org.apache.pekko.http.javadsl.server.")),
    ("HTTP/WebSocket parse and render (pekko-http server layer)", ("org.apache.pekko.http.",)),
    ("JSON (Jackson)", ("com.fasterxml.jackson",)),
    ("FlatBuffers codec", ("bookshard.codec", "com.google.flatbuffers")),
    ("matching core", ("bookshard.book.",)),
    ("book entity", ("bookshard.entity.",)),
    ("routes, requests, views", ("bookshard.http.",)),
    ("FIX (QuickFIX/J, MINA)", ("quickfix.", "org.apache.mina.")),
    ("FIX gateway", ("bookshard.fix.",)),
    ("pekko streams", ("org.apache.pekko.stream.", "org.apache.pekko.io.")),
    ("futures and promises", ("scala.concurrent.", "java.util.concurrent.CompletableFuture")),
    ("pekko persistence, sharding, actors", ("org.apache.pekko.",)),
    ("scala library", ("scala.",)),
    ("JDK", ("java.", "jdk.", "sun.")),
]

def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", path],
                          capture_output=True, text=True).stdout
    stacks = []
    for ev in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>/]+)\(", ev, re.M)
        frames = [f for f in frames if "." in f]
        if frames:
            stacks.append(frames)
    total = len(stacks)
    print(f"{total} samples")
    top = collections.Counter(s[0] for s in stacks)
    print("\nself (top frame):")
    for f, c in top.most_common(n):
        print(f"  {100*c/total:5.1f}%  {f}")
    owner = collections.Counter()
    for s in stacks:
        for f in s:  # innermost first: the first project/library frame names it
            b = next((name for name, prefixes in BUCKETS[:-1] if f.startswith(prefixes)), None)
            if b:
                owner[b] += 1
                break
        else:
            owner["JDK"] += 1
    print("\nby owner (innermost non-JDK frame):")
    for b, c in owner.most_common():
        print(f"  {100*c/total:5.1f}%  {b}")
    incl = collections.Counter()
    for s in stacks:
        seen = set()
        for f in s:
            for name, prefixes in BUCKETS:
                if f.startswith(prefixes):
                    seen.add(name)
        incl.update(seen)
    print("\ninclusive (stack passes through):")
    for b, c in incl.most_common():
        print(f"  {100*c/total:5.1f}%  {b}")

main()
