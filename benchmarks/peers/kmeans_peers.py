#!/usr/bin/env python3
"""Times scikit-learn (float64 and float32), Segmentation and ML.NET k-means on the same data in one run.

Same data, same initial centers, a fixed number of Lloyd iterations (tol=0); repeats are interleaved
(sklearn f64, sklearn f32, Segmentation, ML.NET, then again) and the medians and ratios printed.

Run from the repository root:
    /usr/bin/python3 benchmarks/peers/kmeans_peers.py --n 1000000 --d 16 --k 16 --iterations 20 --repeats 5
    /usr/bin/python3 benchmarks/peers/kmeans_peers.py --cli --shape overlap --repeats 3   # through `segment cluster`, cold processes

--shape blobs|overlap|uniform picks the data (peer_shapes.py). With --cli, ours is the `segment` CLI as a user runs it
(one cold process per fit, CSV in, `--scale none`), and its figure is the fit_seconds of metrics.json (the whole fit:
validation, preparation, seeding, iterations, final pass); the process's wall time is printed too. Set
DOTNET_EnableAVX512=0 in the environment for our AVX2 path (DOTNET_EnableAVX2=0 for Vector128).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans

from peer_shapes import SHAPES, isa_line, make

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "benchmarks", "peers", "data")


def dotnet(project, *args):
    cmd = ["dotnet", "run", "-c", "Release", "--no-build", "--project", os.path.join(ROOT, "benchmarks", project), "--", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


SEGMENT = os.path.join(ROOT, "src", "Segmentation.Cli", "bin", "Release", "net10.0", "segment.dll")


def time_cli(csv, init_csv, k, iterations, mode, seed, folder):
    """One cold `segment cluster` process; the fit's seconds from metrics.json, and the process's wall seconds."""
    metrics = os.path.join(folder, "metrics.json")
    cmd = ["dotnet", SEGMENT, "cluster", "--input", csv, "--scale", "none", "--k", str(k), "--output", os.path.join(folder, "labels.csv"),
           "--metrics", metrics]
    if mode != "default-fit":
        cmd += ["--init", init_csv, "--max-iter", str(iterations), "--tol", "0"]
    else:
        cmd += ["--seed", str(seed)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    with open(metrics) as f:
        m = json.load(f)
    return {"impl": "segment-cli", "precision": "float64", "mode": mode, "seconds": m["fit_seconds"], "cpu_seconds": wall,
            "iterations": int(m["iterations"]), "inertia": float(m["inertia"]), "process_seconds": wall}


def cli_main(args):
    import tempfile
    X, _ = make(args.shape, args.n, args.d, args.k)
    rng = np.random.default_rng(0)
    init = X[rng.choice(args.n, size=args.k, replace=False)]
    print(isa_line(), flush=True)
    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(ROOT, "src", "Segmentation.Cli")], check=True, capture_output=True)
    version = subprocess.run(["dotnet", SEGMENT, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    print(f"ours: segment {version}; DOTNET_EnableAVX512={os.environ.get('DOTNET_EnableAVX512', 'unset')}, "
          f"DOTNET_EnableAVX2={os.environ.get('DOTNET_EnableAVX2', 'unset')}", flush=True)
    lloyd = f"lloyd{args.iterations}"
    with tempfile.TemporaryDirectory() as folder:
        csv, init_csv = os.path.join(folder, "data.csv"), os.path.join(folder, "init.csv")
        header = ",".join(f"x{j}" for j in range(args.d))
        np.savetxt(csv, X, delimiter=",", fmt="%.17g", header=header, comments="")
        np.savetxt(init_csv, init, delimiter=",", fmt="%.17g", header=header, comments="")
        time_sklearn(X[:10000], init, 2, lloyd)  # warm-up (imports, thread pool)
        rows = []
        for repeat in range(args.repeats):
            for mode, iterations in ((lloyd, args.iterations), ("lloyd1", 1), ("default-fit", 0)):
                theirs = time_sklearn(X, init, iterations, mode, seed=repeat)
                ours = time_cli(csv, init_csv, args.k, iterations, mode, repeat, folder)
                rows.append((mode, theirs, ours))
                print(f"repeat {repeat + 1} {mode:<12} scikit-learn {theirs['seconds']:.3f} s (inertia {theirs['inertia']:.6g}), "
                      f"segment fit {ours['seconds']:.3f} s (process {ours['process_seconds']:.1f} s, inertia {ours['inertia']:.6g})", flush=True)
    print(f"\nshape {args.shape}, n={args.n} d={args.d} k={args.k}, {args.repeats} interleaved repeats, scikit-learn {sklearn.__version__}, load {os.getloadavg()}")
    for mode in (lloyd, "lloyd1", "default-fit"):
        theirs = statistics.median(t["seconds"] for m, t, _ in rows if m == mode)
        ours = statistics.median(o["seconds"] for m, _, o in rows if m == mode)
        process = statistics.median(o["process_seconds"] for m, _, o in rows if m == mode)
        ratios = [o["seconds"] / t["seconds"] for m, t, o in rows if m == mode]
        inertia = [(o["inertia"] - t["inertia"]) / t["inertia"] for m, t, o in rows if m == mode]
        print(f"  {mode:<12} scikit-learn {theirs:.3f} s, segment fit {ours:.3f} s -> {ours / theirs:.3f}x "
              f"(per-repeat ratios {', '.join(f'{r:.3f}' for r in ratios)}; process {process:.1f} s; "
              f"inertia ours vs theirs {', '.join(f'{r:+.1e}' for r in inertia)})")


def time_sklearn(X, init, iterations, mode, seed=0):
    if mode == "default-fit":
        model = KMeans(n_clusters=len(init), n_init=1, random_state=seed)
    else:
        model = KMeans(n_clusters=len(init), init=init, n_init=1, max_iter=iterations, tol=0.0, algorithm="lloyd")
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(X)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return {"impl": "sklearn", "precision": str(X.dtype), "mode": mode, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "iterations": int(model.n_iter_), "inertia": float(model.inertia_)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--d", type=int, default=16)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-mlnet", action="store_true")
    parser.add_argument("--shape", choices=SHAPES, default="overlap")
    parser.add_argument("--cli", action="store_true", help="time the segment CLI (cold processes) instead of the benchmark harness")
    args = parser.parse_args()
    if args.cli:
        cli_main(args)
        return

    os.makedirs(DATA, exist_ok=True)
    X, _ = make(args.shape, args.n, args.d, args.k)
    print(isa_line())
    rng = np.random.default_rng(0)
    init = X[rng.choice(args.n, size=args.k, replace=False)]
    path = os.path.join(DATA, f"kmeans_{args.n}_{args.d}_{args.k}.bin")
    with open(path, "wb") as f:
        np.array([args.n, args.d, args.k], dtype="<i4").tofile(f)
        np.ascontiguousarray(X, dtype="<f8").tofile(f)
        np.ascontiguousarray(init, dtype="<f8").tofile(f)

    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks")], check=True, capture_output=True)
    if not args.no_mlnet:
        subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(ROOT, "benchmarks", "Segmentation.Benchmarks.MLNet")], check=True, capture_output=True)

    load_before = os.getloadavg()
    X32, init32 = X.astype(np.float32), init.astype(np.float32)
    lloyd = f"lloyd{args.iterations}"
    time_sklearn(X[:10000], init, 2, lloyd)  # warm-up (imports, thread pool)
    results = []
    for repeat in range(args.repeats):
        for data, centers in ((X, init), (X32, init32)):
            results.append(time_sklearn(data, centers, args.iterations, lloyd))
            results.append(time_sklearn(data, centers, 1, "lloyd1"))
            results.append(time_sklearn(data, centers, args.iterations, "default-fit"))
        results += dotnet("Segmentation.Benchmarks", "peer-kmeans", path, "--iterations", str(args.iterations), "--default-fit")
        results += dotnet("Segmentation.Benchmarks", "peer-kmeans", path, "--iterations", "1")
        if not args.no_mlnet:
            results += dotnet("Segmentation.Benchmarks.MLNet", "mlnet-kmeans", path, "--iterations", str(args.iterations))
        print(f"repeat {repeat + 1}/{args.repeats} done", file=sys.stderr)

    groups = {}
    for r in results:
        groups.setdefault((r["impl"], r["precision"], r["mode"]), []).append(r)
    summary = {}
    print(f"\nn={args.n} d={args.d} k={args.k}, {args.iterations} iterations, {args.repeats} interleaved repeats, "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, load average before/after {load_before} / {os.getloadavg()}")
    print("ms/iter = median seconds / iterations; cpu = CPU seconds of all threads (robust when the machine is shared)")
    print(f"{'impl':<14}{'precision':<10}{'mode':<20}{'median s':>10}{'ms/iter':>9}{'cpu s':>9}{'cpu ms/it':>10}{'iters':>6}{'inertia':>22}")
    for key, rows in sorted(groups.items()):
        seconds = statistics.median(r["seconds"] for r in rows)
        cpu = statistics.median(r["cpu_seconds"] for r in rows)
        iterations = rows[0]["iterations"]
        inertia = rows[0].get("inertia")
        summary[key] = (seconds, 1000 * seconds / iterations, inertia, 1000 * cpu / iterations, cpu)
        print(f"{key[0]:<14}{key[1]:<10}{key[2]:<20}{seconds:>10.4f}{1000 * seconds / iterations:>9.2f}{cpu:>9.3f}"
              f"{1000 * cpu / iterations:>10.2f}{iterations:>6}{inertia if inertia else '':>22}")

    print("\nratios (ours / peer, lower is better): wall time, CPU time")
    for precision in ("float64", "float32"):
        for mode in (f"{lloyd}-lloyd", f"{lloyd}-hamerly", "default-fit"):
            ours = summary.get(("segmentation", precision, mode))
            peer = summary.get(("sklearn", precision, lloyd if mode.startswith("lloyd") else mode))
            if ours and peer:
                metric = 1 if mode.startswith("lloyd") else 0
                cpu_ratio = ours[3] / peer[3] if mode.startswith("lloyd") else ours[4] / peer[4]
                rel = (ours[2] - peer[2]) / peer[2]
                print(f"  {precision} {mode:<20} vs sklearn {precision}: wall {ours[metric] / peer[metric]:.3f}x, "
                      f"cpu {cpu_ratio:.3f}x, inertia {rel:+.2e} relative")
            mlnet = summary.get(("mlnet", "float32", lloyd))
            if ours and mlnet and mode.startswith("lloyd"):
                print(f"  {precision} {mode:<20} vs ML.NET float32 (per iteration): wall {ours[1] / mlnet[1]:.3f}x, cpu {ours[3] / mlnet[3]:.3f}x")

    # Per iteration with the fixed costs of both sides taken out: (fit(N) - fit(1)) / (N - 1), from medians.
    print(f"\nper iteration, fixed costs excluded: (fit({args.iterations}) - fit(1)) / {args.iterations - 1}, wall ms")
    for precision in ("float64", "float32"):
        peer_n, peer_1 = summary.get(("sklearn", precision, lloyd)), summary.get(("sklearn", precision, "lloyd1"))
        ours_n, ours_1 = summary.get(("segmentation", precision, f"{lloyd}-lloyd")), summary.get(("segmentation", precision, "lloyd1-lloyd"))
        if peer_n and peer_1 and ours_n and ours_1:
            peer_ms = 1000 * (peer_n[0] - peer_1[0]) / (args.iterations - 1)
            ours_ms = 1000 * (ours_n[0] - ours_1[0]) / (args.iterations - 1)
            line = f"  {precision}: ours {ours_ms:.2f}, scikit-learn {peer_ms:.2f} -> {ours_ms / peer_ms:.3f}x"
            mlnet = summary.get(("mlnet", "float32", lloyd))
            if mlnet:
                line += f"; vs ML.NET float32 {mlnet[1]:.2f} -> {ours_ms / mlnet[1]:.3f}x"
            print(line)


if __name__ == "__main__":
    main()
