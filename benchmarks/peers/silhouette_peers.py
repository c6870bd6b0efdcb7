#!/usr/bin/python3
"""Exact silhouette on 50,000 x 16: scikit-learn's silhouette_score against ours, timed in the same run.

One command (from the repository root):
    /usr/bin/python3 benchmarks/peers/silhouette_peers.py [--shape blobs|overlap|uniform] [--rows 50000] [--columns 16] [--clusters 8] [--repeats 3]

(run it again with DOTNET_EnableAVX512=0 in the environment for our AVX2 path; DOTNET_EnableAVX2=0 for Vector128).

Builds the benchmarks project (Release), writes the data set to a temporary folder, then alternates
scikit-learn and ours (`dotnet .../Segmentation.Benchmarks.dll silhouette-peer data.csv labels.csv`, which
times the computation only, not the CSV load) --repeats times, and prints the medians, the ratio, and
the largest relative difference between the two silhouette values.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.metrics import silhouette_score

from peer_shapes import SHAPES, isa_line, make

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROJECT = os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks")
DLL = os.path.join(PROJECT, "bin", "Release", "net10.0", "Segmentation.Benchmarks.dll")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", choices=SHAPES, default="overlap")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--columns", type=int, default=16)
    parser.add_argument("--clusters", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["dotnet", "build", PROJECT, "-c", "Release", "-v", "q", "-nologo"], check=True, stdout=subprocess.DEVNULL)

    X, y = make(args.shape, args.rows, args.columns, args.clusters)
    print(isa_line(), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        data = os.path.join(folder, "data.csv")
        labels = os.path.join(folder, "labels.csv")
        np.savetxt(data, X, delimiter=",", fmt="%.17g", header=",".join(f"x{j}" for j in range(args.columns)), comments="")
        np.savetxt(labels, y, fmt="%d", header="label", comments="")

        peer_times, our_times, values = [], [], []
        for repeat in range(args.repeats):
            start = time.perf_counter()
            theirs = float(silhouette_score(X, y))
            peer_times.append(time.perf_counter() - start)

            output = subprocess.run(["dotnet", DLL, "silhouette-peer", data, labels, "1"], check=True, capture_output=True, text=True).stdout
            ours = json.loads(output.strip().splitlines()[-1])
            our_times.append(ours["seconds"])
            our_path = ours.get("path")
            values.append((theirs, ours["silhouette"]))
            print(f"repeat {repeat + 1}: scikit-learn {peer_times[-1]:.2f} s, ours {our_times[-1]:.2f} s", flush=True)

    peer, ours = statistics.median(peer_times), statistics.median(our_times)
    difference = max(abs(a - b) / abs(a) for a, b in values)
    print(json.dumps({
        "shape": args.shape, "our_path": our_path, "rows": args.rows, "columns": args.columns, "clusters": args.clusters, "repeats": args.repeats,
        "sklearn_version": sklearn.__version__, "sklearn_median_seconds": round(peer, 3),
        "ours_median_seconds": round(ours, 3), "ratio_ours_over_sklearn": round(ours / peer, 4),
        "silhouette": values[0][0], "max_relative_difference": difference, "cpus": os.cpu_count(),
    }, indent=2))
    return 0 if difference <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
