#!/usr/bin/python3
"""DBSCAN: Segmentation vs scikit-learn and R's dbscan package, timed in one run.

One command (from the repository root):
    /usr/bin/python3 benchmarks/peers/dbscan_peers.py
Defaults: 200,000 x 4 blobs (make_blobs, 5 centres, std 1, seed 0), eps 0.6, minPts 10, 3 interleaved repeats,
then one 1,000,000 x 4 run of ours for peak memory. Options: --rows --dims --eps --min-points --repeats
--memory-rows (0 skips) --no-build --threads, --peers sklearn,r (or none) and --searches auto[,grid,kdtree,bruteforce]
(our neighbour searches to time side by side; the ratios use auto).

Each peer fits the same data (written once as .npy for us and Python, raw float64 for R); only the fit is timed:
scikit-learn DBSCAN(eps, min_samples).fit(X) (defaults: algorithm auto, n_jobs None), R
dbscan::dbscan(x, eps, minPts) timed inside R with system.time, ours by the benchmarks project's console mode
(dotnet Segmentation.Benchmarks.dll dbscan-peer <file.npy> <eps> <minPts>), which prints its fit seconds and peak
process memory. The order of the three rotates each repeat; the report gives medians and ratios and checks that
all three find the same number of clusters and noise points.
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
from sklearn.cluster import DBSCAN

from peer_shapes import SHAPES, isa_line, make

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks")
DLL = os.path.join(PROJECT, "bin", "Release", "net10.0", "Segmentation.Benchmarks.dll")

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2]); d <- as.integer(args[3]); eps <- as.numeric(args[4]); minPts <- as.integer(args[5])
suppressPackageStartupMessages(library(dbscan))
con <- file(args[1], "rb"); v <- readBin(con, "double", n * d, size = 8, endian = "little"); close(con)
x <- matrix(v, ncol = d, byrow = TRUE)
elapsed <- system.time(res <- dbscan(x, eps = eps, minPts = minPts))[["elapsed"]]
cat(sprintf('{"fit_seconds": %.6f, "clusters": %d, "noise": %d, "version": "%s"}\n', elapsed, max(res$cluster),
            sum(res$cluster == 0), as.character(packageVersion("dbscan"))))
"""


def make_data(rows, dims, folder, shape="blobs"):
    x, _ = make(shape, rows, dims, 5)
    npy = os.path.join(folder, f"{shape}_{rows}x{dims}.npy")
    raw = os.path.join(folder, f"{shape}_{rows}x{dims}.f64")
    np.save(npy, x)
    x.astype("<f8").tofile(raw)
    return x, npy, raw


def run_sklearn(x, eps, min_points):
    start = time.perf_counter()
    model = DBSCAN(eps=eps, min_samples=min_points).fit(x)
    seconds = time.perf_counter() - start
    labels = model.labels_
    return {"fit_seconds": seconds, "clusters": int(labels.max() + 1), "noise": int((labels == -1).sum())}


def run_r(raw, rows, dims, eps, min_points):
    out = subprocess.run(["Rscript", "-e", R_SCRIPT, raw, str(rows), str(dims), repr(eps), str(min_points)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_ours(npy, eps, min_points, threads, search="auto"):
    command = ["dotnet", DLL, "dbscan-peer", npy, repr(eps), str(min_points), search, str(threads)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", choices=SHAPES, default="blobs", help="the data (peer_shapes.py); blobs is the historical default")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--dims", type=int, default=4)
    parser.add_argument("--eps", type=float, default=0.6)
    parser.add_argument("--min-points", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=-1, help="ours: MaxDegreeOfParallelism (-1 = all cores)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--peers", default="sklearn,r", help="peers to run: sklearn,r or none")
    parser.add_argument("--searches", default="auto", help="our neighbour searches, comma-separated (auto first)")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["dotnet", "build", PROJECT, "-c", "Release", "--nologo", "-v", "q"], check=True, stdout=subprocess.DEVNULL)

    with tempfile.TemporaryDirectory(prefix="dbscan-peers-") as folder:
        x, npy, raw = make_data(args.rows, args.dims, folder, args.shape)
        print(isa_line(), flush=True)
        print(f"data: {args.rows} x {args.dims} {args.shape}, eps {args.eps}, minPts {args.min_points}, {args.repeats} repeats, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
        peers = [p for p in args.peers.split(",") if p in ("sklearn", "r")]
        runners = {}
        if "sklearn" in peers:
            runners["sklearn"] = lambda: run_sklearn(x, args.eps, args.min_points)
        if "r" in peers:
            runners["r"] = lambda: run_r(raw, args.rows, args.dims, args.eps, args.min_points)
        for search in args.searches.split(","):
            name = "ours" if search == "auto" else f"ours-{search}"
            runners[name] = (lambda s: lambda: run_ours(npy, args.eps, args.min_points, args.threads, s))(search)
        results = {name: [] for name in runners}
        names = list(runners)
        for repeat in range(args.repeats):
            shift = repeat % len(names)
            for name in names[shift:] + names[:shift]:
                result = runners[name]()
                results[name].append(result)
                print(f"  repeat {repeat + 1} {name:8s} {result['fit_seconds']:.3f} s  clusters {result['clusters']}  noise {result['noise']}  {result.get('path', '')}", flush=True)

        median = {name: statistics.median(r["fit_seconds"] for r in rs) for name, rs in results.items()}
        counts = {name: {(r["clusters"], r["noise"]) for r in rs} for name, rs in results.items()}
        agree = len(set.union(*counts.values())) == 1
        ours = next(name for name in names if name.startswith("ours"))
        summary = {
            "median_seconds": median,
            "agree_on_clusters_and_noise": agree,
            "clusters_noise": {name: sorted(c) for name, c in counts.items()},
            "ours_peak_memory_mb": max(r["peak_memory_mb"] for r in results[ours]),
        }
        print("medians: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in median.items()))
        if "sklearn" in median:
            summary["ours_over_sklearn"] = median[ours] / median["sklearn"]
            print(f"ratio {ours}/sklearn {summary['ours_over_sklearn']:.3f} (target <= 0.25)")
        if "r" in median:
            summary["ours_over_r"] = median[ours] / median["r"]
            summary["r_dbscan_version"] = results["r"][0].get("version")
            print(f"ratio {ours}/R dbscan {summary['ours_over_r']:.3f} (target <= 0.75)")
        print(f"agreement on cluster and noise counts: {agree} {summary['clusters_noise']}")

        if args.memory_rows > 0:
            x = None
            _, big, _ = make_data(args.memory_rows, args.dims, folder, args.shape)
            result = run_ours(big, args.eps, args.min_points, args.threads)
            summary["memory_run"] = {"rows": args.memory_rows, **result}
            print(f"ours on {args.memory_rows} x {args.dims}: {result['fit_seconds']:.3f} s, peak process memory "
                  f"{result['peak_memory_mb']:.0f} MB (target < 800 MB), clusters {result['clusters']}, noise {result['noise']}")

        print(json.dumps(summary))
        ok = agree and (args.memory_rows == 0 or summary["memory_run"]["peak_memory_mb"] < 800)
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
