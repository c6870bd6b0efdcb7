#!/usr/bin/env python3
"""Default-fit quality over many seeds: scikit-learn KMeans(n_init=1, random_state=s) against Segmentation's
default KMeansOptions with Seed = s, s = 0..N-1, float64, on the data kmeans_peers.py writes (run that first).

Which local optimum one k-means++ draw reaches is luck; the seeds' mean and median inertia compare the seeding
schemes themselves. The iterations to convergence are printed too: they are luck as well, and a single-seed
timing (kmeans_peers.py uses seed 0) carries that luck. Run from the repository root:
    /usr/bin/python3 benchmarks/peers/kmeans_seed_quality.py --n 1000000 --d 16 --k 16 --seeds 10
"""
import argparse
import json
import os
import statistics
import subprocess

import numpy as np
from sklearn.cluster import KMeans

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--d", type=int, default=16)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    path = os.path.join(ROOT, "benchmarks", "peers", "data", f"kmeans_{args.n}_{args.d}_{args.k}.bin")
    with open(path, "rb") as f:
        n, d, k = np.fromfile(f, dtype="<i4", count=3)
        X = np.fromfile(f, dtype="<f8", count=n * d).reshape(n, d)

    ours = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks"),
                           "--", "peer-kmeans", path, "--seeds", str(args.seeds)], check=True, capture_output=True, text=True).stdout
    ours = [json.loads(line) for line in ours.splitlines() if line.startswith("{")]
    our_iterations = [r["iterations"] for r in ours]
    ours = [r["inertia"] for r in ours]
    fits = [KMeans(n_clusters=k, n_init=1, random_state=s).fit(X) for s in range(args.seeds)]
    theirs = [float(m.inertia_) for m in fits]
    their_iterations = [int(m.n_iter_) for m in fits]
    print(f"n={n} d={d} k={k}, {args.seeds} seeds each, float64, default fit (greedy k-means++, tol 1e-4)")
    for name, values in (("scikit-learn", theirs), ("segmentation", ours)):
        print(f"{name:<13} mean {statistics.mean(values):.6e}  median {statistics.median(values):.6e}  "
              f"min {min(values):.6e}  max {max(values):.6e}")
    print(f"ours / scikit-learn: mean {statistics.mean(ours) / statistics.mean(theirs) - 1:+.3%}, "
          f"median {statistics.median(ours) / statistics.median(theirs) - 1:+.3%}, best {min(ours) / min(theirs) - 1:+.3%}")
    for name, values in (("scikit-learn", their_iterations), ("segmentation", our_iterations)):
        print(f"{name:<13} iterations by seed {values}, mean {statistics.mean(values):.1f}")


if __name__ == "__main__":
    main()
