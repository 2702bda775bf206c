#!/usr/bin/env python3
"""Prints, as JSON, the modules whose compiler jobs took the most CPU time in a compiler-job.sh log.

Usage: top-modules.py JOBS_LOG [COUNT]   (COUNT defaults to 15)
Each line of the log is "USER SYS WALL TOOL KIND MODULE"; user + system seconds are summed per module.
"""
import collections
import json
import sys

cpu = collections.Counter()
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) == 6 and fields[3] in ("swift-frontend", "clang"):
        cpu[fields[5]] += float(fields[0]) + float(fields[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 15
print(json.dumps([{"module": name, "cpu_seconds": round(seconds, 1)} for name, seconds in cpu.most_common(count)]))
