#!/usr/bin/python3
"""Reference results for the hierarchical clustering tests, from SciPy 1.10.1.

Run from this folder with /usr/bin/python3 (Debian's scipy 1.10.1, numpy 1.24): writes one JSON file per data set
with the data, and for every linkage SciPy's linkage matrix, fcluster cuts (maxclust and distance) and the
cophenetic correlation. The tests need only these files.
"""
import json

import numpy as np
import scipy
from scipy.cluster.hierarchy import cophenet, fcluster, linkage
from scipy.spatial.distance import pdist

assert scipy.__version__ == "1.10.1", scipy.__version__
LINKAGES = ["ward", "complete", "average", "single", "weighted", "centroid", "median"]
KS = [1, 2, 3, 4, 5, 8]


def blobs(rng, n, d, centers):
    c = rng.normal(0, 5, size=(centers, d))
    labels = rng.integers(0, centers, size=n)
    return c[labels] + rng.normal(0, 1, size=(n, d))


def datasets():
    rng = np.random.default_rng(20261123)
    yield "blobs", blobs(rng, 60, 3, 4)
    yield "wide", blobs(rng, 150, 8, 6)
    # Integer grid: many exactly tied distances.
    grid = np.array([[x, y] for x in range(6) for y in range(5)], dtype=float)
    yield "grid_ties", grid
    # Duplicated rows and repeated values: zero heights and ties.
    base = rng.integers(0, 4, size=(12, 3)).astype(float)
    dup = np.vstack([base, base[:7], base[2:5], np.round(rng.normal(0, 2, size=(8, 3)), 1)])
    yield "duplicates", dup
    yield "line", np.array([[0.0], [1.0], [3.0], [6.0], [10.0], [10.0], [15.0], [21.0], [28.0], [28.5]])


def cophenet_or_none(z, y):
    with np.errstate(invalid="ignore", divide="ignore"):
        c = float(cophenet(z, y)[0])
    return None if np.isnan(c) else c


def describe(x):
    out = {"data": x.tolist(), "linkages": {}}
    y = pdist(x)
    for method in LINKAGES:
        z = linkage(x, method)
        entry = {
            "Z": z.tolist(),
            "maxclust": {str(k): (fcluster(z, k, "maxclust") - 1).tolist() for k in KS if k <= len(x)},
            # None (JSON null) when every height is equal and the correlation is undefined.
            "cophenet": cophenet_or_none(z, y),
        }
        # Thresholds exactly at a merge height (only a bit-exact tree cuts these alike) and between two heights.
        heights = np.unique(z[:, 2])
        mid = len(heights) // 2
        at_height = {float(heights[mid]), float(heights[0])}
        between = {float((heights[mid] + heights[mid + 1]) / 2) if len(heights) > mid + 1 else float(heights[-1] * 1.5),
                   float(heights[-1] * 0.3)}
        entry["distance"] = [{"t": t, "at_height": t in at_height, "labels": (fcluster(z, t, "distance") - 1).tolist()}
                             for t in sorted(at_height | between)]
        out["linkages"][method] = entry
    return out


def weighted_ward():
    """Integer weights against SciPy on the data with each row repeated weight times (zero-height merges dropped)."""
    rng = np.random.default_rng(7)
    x = np.round(blobs(rng, 25, 2, 3), 3)
    w = rng.integers(1, 4, size=len(x))
    repeated = np.repeat(x, w, axis=0)
    z = linkage(repeated, "ward")
    return {"data": x.tolist(), "weights": w.astype(float).tolist(), "nonzero_heights": [h for h in z[:, 2].tolist() if h > 0]}


for name, x in datasets():
    with open(f"{name}.json", "w") as f:
        json.dump(describe(x), f, separators=(",", ":"))
with open("weighted_ward.json", "w") as f:
    json.dump(weighted_ward(), f, separators=(",", ":"))
print("ok")
