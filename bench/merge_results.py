#!/usr/bin/python3
"""Merge anchors.py's JSON files and Batchwise's workload records into one run for summarize.py.

Usage: merge_results.py ANCHORS.json... BATCHWISE.json...
An anchors file named anchors-NAME.json comes from `anchors.py --only NAME`, whose filter matches
substrings (attn_b8 also runs attn_b8_causal): only its records for NAME itself are kept. The first
anchors file gives the run's metadata.
"""
import json
import os
import sys

merged = None
for path in sys.argv[1:]:
    run = json.load(open(path))
    base = os.path.basename(path)
    records = run["records"]
    if base.startswith("anchors-") and base.endswith(".json"):
        name = base[len("anchors-"):-len(".json")]
        records = [r for r in records if r["name"] == name]
    if merged is None:
        merged = dict(run, records=[])
    merged["records"].extend(records)
json.dump(merged, sys.stdout, indent=1)
