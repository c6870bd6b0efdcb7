#!/usr/bin/python3
"""Hierarchical clustering: ours against fastcluster.linkage_vector and scipy.cluster.hierarchy.linkage.

One command (from the repository root):

    dotnet build benchmarks/Segmentation.Benchmarks -c Release
    /usr/bin/python3 benchmarks/peers/hierarchical_peers.py            # the three cases of docs/performance.md
    /usr/bin/python3 benchmarks/peers/hierarchical_peers.py --repeats 5 --cases ward:20000

Every fit runs in its own process, peers and ours interleaved, so each peak resident set (ru_maxrss from wait4) is
that fit's alone. Times are the fit only (no data loading, no process start). SciPy runs only where its two n²
arrays (pdist and its copy) fit --scipy-limit-gb. The first repeat also checks that our merge heights equal
fastcluster's (sorted, 1e-9 relative).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks", "bin", "Release", "net10.0", "Segmentation.Benchmarks.dll")

PEER = r"""
import json, resource, sys, time
import numpy as np
kind, path, method, out = sys.argv[1:5]
x = np.loadtxt(path, delimiter=",", skiprows=1)
if kind == "fastcluster":
    import fastcluster
    start = time.perf_counter(); z = fastcluster.linkage_vector(x, method=method); seconds = time.perf_counter() - start
else:
    from scipy.cluster.hierarchy import linkage
    start = time.perf_counter(); z = linkage(x, method=method); seconds = time.perf_counter() - start
if out != "-":
    np.savetxt(out, z, delimiter=",", fmt="%.17g")
print(json.dumps({"seconds": seconds}))
"""


def run(argv):
    """Runs one fit in a fresh process; returns its JSON plus that process's own peak RSS in MB."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[:3]} failed: {err.strip()}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024.0
    return result


def make_data(n, d, path, seed=1):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 4, size=(20, d))
    x = centres[rng.integers(0, 20, size=n)] + rng.normal(0, 1, size=(n, d))
    np.savetxt(path, x, delimiter=",", fmt="%.17g", header=",".join(f"c{j}" for j in range(d)), comments="")


def check_heights(ours_csv, peer_csv):
    ours = np.sort(np.loadtxt(ours_csv, delimiter=",", skiprows=1)[:, 2])
    peer = np.sort(np.loadtxt(peer_csv, delimiter=",")[:, 2])
    worst = float(np.max(np.abs(ours - peer) / np.maximum(np.abs(peer), 1e-300)))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="ward:20000,ward:50000,single:100000",
                        help="comma-separated linkage:rows (16 columns each)")
    parser.add_argument("--columns", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scipy-limit-gb", type=float, default=4.0)
    parser.add_argument("--peers", default="fastcluster,scipy", help="which peers to run: fastcluster,scipy")
    parser.add_argument("--skip-peers-above", type=int, default=60000,
                        help="run peers only up to this many rows (fastcluster single on 100k takes minutes)")
    args = parser.parse_args()
    if not os.path.exists(OURS):
        sys.exit(f"build first: dotnet build benchmarks/Segmentation.Benchmarks -c Release ({OURS} is missing)")

    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases.split(","):
            linkage, n = case.split(":")
            n = int(n)
            data = os.path.join(tmp, f"data_{n}.csv")
            make_data(n, args.columns, data)
            contenders = {"ours": lambda out: [ "dotnet", OURS, "hierarchical-peer", data, linkage] + (["--merges", out] if out else [])}
            peers = args.peers.split(",") if n <= args.skip_peers_above else []
            if "fastcluster" in peers:
                contenders["fastcluster"] = lambda out: [sys.executable, "-c", PEER, "fastcluster", data, linkage, out or "-"]
            scipy_bytes = 2 * n * (n - 1) / 2 * 8
            if "scipy" in peers and scipy_bytes <= args.scipy_limit_gb * 2**30:
                contenders["scipy"] = lambda out: [sys.executable, "-c", PEER, "scipy", data, linkage, out or "-"]

            results = {name: [] for name in contenders}
            outputs = {}
            for r in range(args.repeats):
                for name, argv in contenders.items():  # interleaved: ours, then each peer, every repeat
                    out = os.path.join(tmp, f"{name}_{n}.csv") if r == 0 and name in ("ours", "fastcluster") else None
                    results[name].append(run(argv(out)))
                    if out:
                        outputs[name] = out

            print(f"\n{linkage} linkage, {n} x {args.columns}, {args.repeats} repeats (median fit seconds, max peak RSS):")
            ours_median = statistics.median(x["seconds"] for x in results["ours"])
            for name, runs in results.items():
                median = statistics.median(x["seconds"] for x in runs)
                peak = max(x["peak_rss_mb"] for x in runs)
                ratio = median / ours_median
                extra = f"  method {runs[0]['method']}" if name == "ours" else f"  {ratio:.2f}x ours"
                print(f"  {name:12s} {median:8.2f} s   peak {peak:8.1f} MB{extra}")
            if "fastcluster" in outputs:
                print(f"  merge heights vs fastcluster: max relative difference {check_heights(outputs['ours'], outputs['fastcluster']):.1e}")


if __name__ == "__main__":
    main()
