#!/usr/bin/python3
"""Merge anchors.py's JSON and Batchwise's workload records into one run for summarize.py."""
import json
import sys

anchors = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    anchors["records"].extend(json.load(open(path))["records"])
json.dump(anchors, sys.stdout, indent=1)
