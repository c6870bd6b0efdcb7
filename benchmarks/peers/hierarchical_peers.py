#!/usr/bin/python3
"""Hierarchical clustering: ours against fastcluster.linkage_vector and scipy.cluster.hierarchy.linkage.

One command (from the repository root):

    dotnet build benchmarks/Segmentation.Benchmarks -c Release
    /usr/bin/python3 benchmarks/peers/hierarchical_peers.py            # the three cases of docs/performance.md
    /usr/bin/python3 benchmarks/peers/hierarchical_peers.py --repeats 5 --cases ward:20000
    dotnet build src/Segmentation.Cli -c Release
    /usr/bin/python3 benchmarks/peers/hierarchical_peers.py --cases ward:20000 --shape blobs,overlap,uniform --peers fastcluster --cli
    DOTNET_EnableAVX512=0 /usr/bin/python3 benchmarks/peers/hierarchical_peers.py ...   # our AVX2 paths

Shapes (16 columns by default, seed 1): blobs = 20 separated blobs (centres N(0, 4²), spread 1), overlap = 8
overlapping blobs (centres N(0, 4²), spread 4), uniform = structureless standard Gaussian.

Every fit runs in its own process, peers and ours interleaved, so each peak resident set (ru_maxrss from wait4) is
that fit's alone. "fit" is the fit only (no data loading, no process start). With --cli, ours also runs as a user
runs it (`segment cluster --scale none --k 20 --metrics ...`, a cold process) and the peer's "process" column is its
whole process (interpreter start, np.loadtxt, the fit, fcluster, writing the labels), the same job. SciPy runs only
where its two n² arrays (pdist and its copy) fit --scipy-limit-gb. The first repeat also checks that our merge
heights equal fastcluster's (sorted, 1e-9 relative). The script prints the ISA our runtime will take (from the CPU
flags and DOTNET_Enable* variables) and numpy's BLAS.
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks", "bin", "Release", "net10.0", "Segmentation.Benchmarks.dll")
CLI = os.path.join(ROOT, "src", "Segmentation.Cli", "bin", "Release", "net10.0", "segment.dll")

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
from scipy.cluster.hierarchy import fcluster
labels = fcluster(z, 20, criterion="maxclust") - 1
np.savetxt(out + ".labels" if out != "-" else "/dev/null", labels, fmt="%d")
print(json.dumps({"seconds": seconds}))
"""


def run(argv, metrics=None):
    """Runs one fit in a fresh process; returns its JSON (or the CLI's metrics.json) plus wall time and peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[:3]} failed: {err.strip()}")
    if metrics:
        with open(metrics) as f:
            result = {"seconds": json.load(f)["fit_seconds"], "method": "cli"}
    else:
        result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024.0
    return result


def make_data(n, d, path, shape="blobs", seed=1):
    rng = np.random.default_rng(seed)
    if shape == "blobs":
        centres = rng.normal(0, 4, size=(20, d))
        x = centres[rng.integers(0, 20, size=n)] + rng.normal(0, 1, size=(n, d))
    elif shape == "overlap":
        centres = rng.normal(0, 4, size=(8, d))
        x = centres[rng.integers(0, 8, size=n)] + rng.normal(0, 4, size=(n, d))
    elif shape == "uniform":
        x = rng.normal(0, 1, size=(n, d))
    else:
        sys.exit(f"--shape must be blobs, overlap or uniform, but was {shape}")
    np.savetxt(path, x, delimiter=",", fmt="%.17g", header=",".join(f"c{j}" for j in range(d)), comments="")


def describe_platform():
    """One line: the CPU, the SIMD width .NET will use (CPU flags and DOTNET_Enable* variables), numpy's BLAS."""
    flags, model = set(), "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
                elif line.startswith("model name") and model == "unknown CPU":
                    model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    off = lambda name: os.environ.get(f"DOTNET_Enable{name}", "1") == "0"
    if off("HWIntrinsic"):
        isa = "scalar"
    elif "avx512f" in flags and not off("AVX512") and not off("AVX512F") and not off("AVX2") and not off("AVX"):
        isa = "AVX-512 (Vector512)"
    elif "avx2" in flags and not off("AVX2") and not off("AVX"):
        isa = "AVX2 (Vector256)"
    else:
        isa = "SSE/Vector128"
    blas = "unknown"
    try:
        import threadpoolctl
        infos = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            blas = f"{infos[0]['internal_api']} {infos[0].get('version')} ({infos[0].get('architecture')}, {infos[0].get('num_threads')} threads)"
    except ImportError:
        pass
    print(f"CPU: {model}; ours on {isa}; numpy {np.__version__} with BLAS {blas}; "
          f"DOTNET_EnableAVX512={os.environ.get('DOTNET_EnableAVX512', '(unset)')} "
          f"DOTNET_EnableAVX2={os.environ.get('DOTNET_EnableAVX2', '(unset)')}; load average {os.getloadavg()[0]:.1f}")


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
    parser.add_argument("--shape", default="blobs", help="comma-separated data shapes: blobs, overlap, uniform")
    parser.add_argument("--cli", action="store_true", help="also time ours through the segment CLI (cold process)")
    parser.add_argument("--method", default=None, help="ours: auto, vector or matrix (default: the library's choice)")
    args = parser.parse_args()
    describe_platform()
    if not os.path.exists(OURS):
        sys.exit(f"build first: dotnet build benchmarks/Segmentation.Benchmarks -c Release ({OURS} is missing)")

    if args.cli and not os.path.exists(CLI):
        sys.exit(f"build first: dotnet build src/Segmentation.Cli -c Release ({CLI} is missing)")

    cases = [(c, shape) for c in args.cases.split(",") for shape in args.shape.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for case, shape in cases:
            linkage, n = case.split(":")
            n = int(n)
            data = os.path.join(tmp, f"data_{shape}_{n}.csv")
            make_data(n, args.columns, data, shape)
            metrics = os.path.join(tmp, "metrics.json")
            method = ["--method", args.method] if args.method else []
            contenders = {"ours": lambda out: ["dotnet", OURS, "hierarchical-peer", data, linkage] + method + (["--merges", out] if out else [])}
            if args.cli:
                contenders["ours-cli"] = lambda out: ["dotnet", CLI, "cluster", "--input", data, "--algorithm", "hierarchical",
                                                      "--linkage", linkage, "--k", "20", "--scale", "none",
                                                      "--output", os.path.join(tmp, "labels.csv"), "--metrics", metrics]
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
                    results[name].append(run(argv(out), metrics if name == "ours-cli" else None))
                    if out:
                        outputs[name] = out

            print(f"\n{linkage} linkage, {shape}, {n} x {args.columns}, {args.repeats} repeats "
                  f"(medians: fit seconds, whole-process wall seconds; max peak RSS):")
            base = results["fastcluster"] if "fastcluster" in results else None
            for name, runs in results.items():
                fit = statistics.median(x["seconds"] for x in runs)
                wall = statistics.median(x["wall"] for x in runs)
                peak = max(x["peak_rss_mb"] for x in runs)
                extra = f"  method {runs[0]['method']}" if name == "ours" else ""
                if base is not None and name != "fastcluster":
                    ratio_fit = fit / statistics.median(x["seconds"] for x in base)
                    ratio_wall = wall / statistics.median(x["wall"] for x in base)
                    extra += f"  fit {ratio_fit:.2f}x fastcluster, process {ratio_wall:.2f}x"
                print(f"  {name:12s} fit {fit:8.2f} s  process {wall:8.2f} s  peak {peak:8.1f} MB{extra}")
                print(f"  {'':12s} fit runs {[round(x['seconds'], 2) for x in runs]}, process runs {[round(x['wall'], 2) for x in runs]}")
            if "fastcluster" in outputs:
                print(f"  merge heights vs fastcluster: max relative difference {check_heights(outputs['ours'], outputs['fastcluster']):.1e}")


if __name__ == "__main__":
    main()
