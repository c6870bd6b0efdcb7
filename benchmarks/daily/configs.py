#!/usr/bin/env python3
"""From the segmentation.json that `segment init` wrote: adds the churn model as a scorer, and writes baseline.json
(the same rules, no scorers, no playbooks: the run without the daily step). Usage: configs.py [folder]."""
import json
import os
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "."
path = os.path.join(folder, "segmentation.json")
config = json.load(open(path))
config["scorers"] = {"churn": {"kind": "model", "model": "churn-model.json"}}
json.dump(config, open(path, "w"), indent=2)
baseline = dict(config)
baseline.pop("scorers")
baseline["builtInPlaybooks"] = False
baseline["playbooks"] = []
json.dump(baseline, open(os.path.join(folder, "baseline.json"), "w"), indent=2)
