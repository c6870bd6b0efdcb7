#!/usr/bin/env python3
"""Default-fit quality over many seeds: scikit-learn KMeans(n_init=1, random_state=s) against Segmentation's
default KMeansOptions with Seed = s, s = 0..N-1, float64, on the data kmeans_peers.py writes (run that first).

Which local optimum one k-means++ draw reaches is luck; the seeds' mean and median inertia compare the seeding
schemes themselves. The iterations to convergence are printed too: they are luck as well, and a single-seed
timing (kmeans_peers.py uses seed 0) carries that luck. Run from the repository root:
    /usr/bin/python3 benchmarks/peers/kmeans_seed_quality.py --n 1000000 --d 16 --k 16 --seeds 10
With --cli --shape overlap|blobs|uniform, ours is `segment cluster --scale none --seed s` (cold processes, as a user
runs it) on data made by peer_shapes.py, written to a temporary CSV; no kmeans_peers.py run needed:
    /usr/bin/python3 benchmarks/peers/kmeans_seed_quality.py --cli --shape overlap --seeds 8
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.cluster import KMeans

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--d", type=int, default=16)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--cli", action="store_true", help="ours through the segment CLI on --shape data")
    parser.add_argument("--shape", default="overlap")
    args = parser.parse_args()
    if args.cli:
        cli_main(args)
        return
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
    report(ours, theirs, our_iterations, their_iterations)


def cli_main(args):
    sys.path.insert(0, os.path.dirname(__file__))
    from peer_shapes import make
    X, _ = make(args.shape, args.n, args.d, args.k)
    segment = os.path.join(ROOT, "src", "Segmentation.Cli", "bin", "Release", "net10.0", "segment.dll")
    version = subprocess.run(["dotnet", segment, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    ours, our_iterations, theirs, their_iterations = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        csv = os.path.join(folder, "data.csv")
        np.savetxt(csv, X, delimiter=",", fmt="%.17g", header=",".join(f"x{j}" for j in range(args.d)), comments="")
        for s in range(args.seeds):
            metrics = os.path.join(folder, "metrics.json")
            subprocess.run(["dotnet", segment, "cluster", "--input", csv, "--scale", "none", "--k", str(args.k), "--seed", str(s),
                            "--output", os.path.join(folder, "labels.csv"), "--metrics", metrics], check=True, capture_output=True)
            with open(metrics) as f:
                m = json.load(f)
            ours.append(float(m["inertia"]))
            our_iterations.append(int(m["iterations"]))
            model = KMeans(n_clusters=args.k, n_init=1, random_state=s).fit(X)
            theirs.append(float(model.inertia_))
            their_iterations.append(int(model.n_iter_))
            print(f"seed {s}: scikit-learn {theirs[-1]:.6e} ({their_iterations[-1]} it), segment {ours[-1]:.6e} ({our_iterations[-1]} it), "
                  f"{ours[-1] / theirs[-1] - 1:+.3%}", flush=True)
    print(f"segment {version}; shape {args.shape}, n={args.n} d={args.d} k={args.k}, {args.seeds} seeds, float64, default fits")
    report(ours, theirs, our_iterations, their_iterations)


def report(ours, theirs, our_iterations, their_iterations):
    for name, values in (("scikit-learn", theirs), ("segmentation", ours)):
        print(f"{name:<13} mean {statistics.mean(values):.6e}  median {statistics.median(values):.6e}  "
              f"min {min(values):.6e}  max {max(values):.6e}")
    print(f"ours / scikit-learn: mean {statistics.mean(ours) / statistics.mean(theirs) - 1:+.3%}, "
          f"median {statistics.median(ours) / statistics.median(theirs) - 1:+.3%}, best {min(ours) / min(theirs) - 1:+.3%}")
    for name, values in (("scikit-learn", their_iterations), ("segmentation", our_iterations)):
        print(f"{name:<13} iterations by seed {values}, mean {statistics.mean(values):.1f}")


if __name__ == "__main__":
    main()
