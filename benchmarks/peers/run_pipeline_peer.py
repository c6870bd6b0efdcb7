#!/usr/bin/python3
"""The job of `segment run --input customers.csv` written with pandas + scikit-learn, and a side-by-side timing of both.

Peer steps (one process, timed from start to the last file written): read the CSV with pandas, median-impute the
numeric columns, one-hot the text columns, standard-scale, k-means (k-means++, n_init=1) with --k 5, or with
--k auto k = 3..8 scored by silhouette on a 10,000-row sample, Calinski-Harabasz and Davies-Bouldin (best silhouette
wins), then a profile per segment (size, mean and median of every feature, outcome rate) and assignments.csv +
segments.json written.

    # the peer alone (prints seconds, peak RSS, ISA and BLAS):
    /usr/bin/python3 benchmarks/peers/run_pipeline_peer.py customers.csv --k auto
    # ours and the peer alternated --repeats times, both as fresh processes under /usr/bin/time, with medians and ratios:
    /usr/bin/python3 benchmarks/peers/run_pipeline_peer.py customers.csv --k auto --compare --repeats 3
    # also an older build of ours in the same rounds (git archive COMMIT | tar -x -C /tmp/base, then build it there):
    ... --compare --baseline /tmp/base/src/Segmentation.Cli/bin/Release/net10.0/segment.dll
    # ours as users get it: the packed tool (precompiled for linux-x64), installed into a tool path:
    dotnet pack src/Segmentation.Cli -c Release -o /tmp/feed
    dotnet tool install Segmentation.Cli --tool-path /tmp/segment-tool --source /tmp/feed --version 0.1.0
    ... --compare --cli /tmp/segment-tool/segment

The data comes from benchmarks/daily/make_customers.py (--shape uniform|blobs|overlap). With --compare, ours is
`dotnet src/Segmentation.Cli/bin/Release/net10.0/segment.dll run --input FILE --id-column id --outcome churned --k K
--no-store --out TMP` (build it first; add --store to time ours with the SQLite snapshot of every customer). Set
DOTNET_EnableAVX512=0 in the environment to time our AVX2 paths; the peer's ISA line says what numpy dispatches to.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "src", "Segmentation.Cli", "bin", "Release", "net10.0", "segment.dll")


def isa_and_blas():
    flags = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                flags = line
                break
    isa = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "SSE/NEON"
    blas = "unknown"
    try:
        import numpy  # noqa: F401  (loads the BLAS that threadpoolctl reports)
        from threadpoolctl import threadpool_info
        blas = ", ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('num_threads')} threads)" for i in threadpool_info() if i.get("user_api") == "blas") or blas
    except ImportError:
        pass
    dotnet = "AVX2 (DOTNET_EnableAVX512=0)" if os.environ.get("DOTNET_EnableAVX512") == "0" else "Vector128 (DOTNET_EnableAVX2=0)" if os.environ.get("DOTNET_EnableAVX2") == "0" else "widest"
    return isa, blas, dotnet


def peer(path, k, out, seed):
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
    from sklearn.preprocessing import StandardScaler

    start = time.perf_counter()
    frame = pd.read_csv(path)
    ids = frame.pop("id")
    outcome = frame.pop("churned").map({"yes": 1.0, "no": 0.0}) if "churned" in frame else None
    numeric = frame.select_dtypes("number")
    numeric = numeric.fillna(numeric.median())
    text = frame.select_dtypes(exclude="number")
    raw = pd.concat([numeric, pd.get_dummies(text, prefix_sep="=", dtype=float)], axis=1)
    x = StandardScaler().fit_transform(raw.to_numpy(dtype=np.float64))

    table = []
    if k == "auto":
        rng = np.random.default_rng(seed)
        sample = rng.choice(len(x), size=min(10_000, len(x)), replace=False)
        best = None
        for candidate in range(3, 9):
            model = KMeans(n_clusters=candidate, n_init=1, random_state=seed).fit(x)
            sil = silhouette_score(x[sample], model.labels_[sample])
            ch = calinski_harabasz_score(x, model.labels_)
            db = davies_bouldin_score(x, model.labels_)
            table.append({"k": candidate, "silhouette": sil, "calinski_harabasz": ch, "davies_bouldin": db})
            if best is None or sil > best[0]:
                best = (sil, model)
        model = best[1]
    else:
        model = KMeans(n_clusters=int(k), n_init=1, random_state=seed).fit(x)

    labels = model.labels_
    raw["segment"] = labels
    grouped = raw.groupby("segment")
    means, medians, sizes = grouped.mean(), grouped.median(), grouped.size()
    rates = outcome.groupby(labels).mean() if outcome is not None else None
    segments = [{"id": int(s), "customers": int(sizes[s]), "share": float(sizes[s] / len(raw)),
                 "outcome_rate": None if rates is None else float(rates[s]),
                 "features": {c: {"mean": float(means.loc[s, c]), "median": float(medians.loc[s, c])} for c in means.columns}}
                for s in sizes.index]
    os.makedirs(out, exist_ok=True)
    pd.DataFrame({"id": ids, "segment": labels}).to_csv(os.path.join(out, "assignments.csv"), index=False)
    with open(os.path.join(out, "segments.json"), "w") as f:
        json.dump({"k": int(model.n_clusters), "selection": table, "segments": segments}, f, indent=2)
    return time.perf_counter() - start


def timed(command):
    """Runs a command as a fresh process under /usr/bin/time; returns (seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%e %M", *command], check=True, stdout=subprocess.DEVNULL)
        seconds, kb = report.read().split()[-2:]
    return float(seconds), int(kb) / 1024


def launch(segment):
    """How to start ours: `dotnet segment.dll` for a build's output, the file itself for an installed tool."""
    return ["dotnet", segment] if segment.endswith(".dll") else [segment]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("--k", default="5", help="a number, or auto (k = 3..8 by silhouette on a 10,000-row sample)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default=None)
    parser.add_argument("--compare", action="store_true", help="alternate ours and the peer, each a fresh process")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--store", action="store_true", help="with --compare: ours keeps a SQLite store (snapshot of every customer)")
    parser.add_argument("--baseline", default=None, help="with --compare: another build's segment.dll (an older commit's), or an installed segment tool, timed in the same rounds")
    parser.add_argument("--cli", default=CLI, help="with --compare: ours as this segment.dll or installed segment tool (the packed tool is precompiled; "
                        "dotnet tool install Segmentation.Cli --tool-path DIR --source FEED, then --cli DIR/segment); default the build's segment.dll")
    args = parser.parse_args()
    isa, blas, dotnet = isa_and_blas()

    if not args.compare:
        with tempfile.TemporaryDirectory() as folder:
            seconds = peer(args.input, args.k, args.out or folder, args.seed)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak), "k": args.k, "cpu_isa": isa, "blas": blas}))
        return

    print(f"CPU ISA {isa}; peer BLAS {blas}; ours {dotnet} ({args.cli}); k {args.k}; {args.input}", flush=True)
    runs = {"ours": [], "peer": []}
    if args.baseline:
        runs["baseline"] = []
    for repeat in range(args.repeats):
        with tempfile.TemporaryDirectory() as folder:
            for name in runs:
                if name == "peer":
                    command = [sys.executable, os.path.abspath(__file__), args.input, "--k", args.k, "--seed", str(args.seed), "--out", os.path.join(folder, name)]
                else:
                    store = ["--store", os.path.join(folder, name + ".db")] if args.store else ["--no-store"]
                    command = [*launch(args.cli if name == "ours" else args.baseline), "run", "--input", args.input, "--id-column", "id", "--outcome", "churned",
                               "--k", args.k, "--seed", str(args.seed), "--out", os.path.join(folder, name), *store]
                runs[name].append(timed(command))
        print(f"repeat {repeat + 1}: " + ", ".join(f"{name} {t[-1][0]:.1f} s {t[-1][1]:.0f} MB" for name, t in runs.items())
              + f", ours/peer {runs['ours'][-1][0] / runs['peer'][-1][0]:.2f}", flush=True)
    ratios = [o[0] / p[0] for o, p in zip(runs["ours"], runs["peer"])]
    print("median: " + ", ".join(f"{name} {statistics.median(x[0] for x in t):.1f} s {statistics.median(x[1] for x in t):.0f} MB" for name, t in runs.items())
          + f"; ours/peer (median of per-repeat ratios) {statistics.median(ratios):.2f}"
          + (f"; baseline/ours {statistics.median(b[0] / o[0] for b, o in zip(runs['baseline'], runs['ours'])):.2f}" if args.baseline else ""))

if __name__ == "__main__":
    main()
