#!/usr/bin/python3
"""Reference values for the cluster-quality tests, from scikit-learn (Debian's 1.2.1).

Run from this folder: /usr/bin/python3 make_fixtures.py
Writes one <case>.csv per data set (label column first, then the coordinates) and expected.json with
silhouette, Calinski-Harabasz and Davies-Bouldin per case, plus adjusted Rand / NMI per label pair.
"""
import json

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.datasets import make_blobs

cases = {}

X, y = make_blobs(n_samples=300, n_features=5, centers=4, cluster_std=1.5, random_state=1)
cases["blobs"] = (X, y)

rng = np.random.default_rng(7)
X = rng.normal(size=(257, 3)) * np.array([1.0, 100.0, 0.01])
y = rng.integers(0, 5, size=257) * 3 + 2  # labels 2, 5, 8, 11, 14: not dense
cases["random_sparse_labels"] = (X, y)

X = rng.normal(size=(41, 17))
y = rng.integers(0, 3, size=41)
y[5] = 9  # a singleton cluster: its silhouette is 0
X[7] = X[8]  # duplicate points
cases["singleton_17d"] = (X, y)

X, y = make_blobs(n_samples=1000, n_features=16, centers=6, cluster_std=3.0, random_state=3)
cases["blobs_16d"] = (X, y)

expected = {"sklearn_version": sklearn.__version__, "internal": {}, "agreement": []}
for name, (X, y) in cases.items():
    np.savetxt(f"{name}.csv", np.column_stack([y, X]), delimiter=",", fmt="%.17g")
    expected["internal"][name] = {
        "silhouette": float(metrics.silhouette_score(X, y)),
        "calinski_harabasz": float(metrics.calinski_harabasz_score(X, y)),
        "davies_bouldin": float(metrics.davies_bouldin_score(X, y)),
        "silhouette_first5": [float(v) for v in metrics.silhouette_samples(X, y)[:5]],
    }

pairs = [
    ([0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2]),
    ([0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 1]),
    ([0, 0, 0, 0], [0, 1, 2, 3]),
    ([5, 5, 5], [1, 1, 1]),
    ([-1, 0, 0, 1, 1, 1, 2], [3, 3, 4, 4, 4, -1, -1]),
]
rng = np.random.default_rng(11)
for size, ka, kb in [(500, 4, 6), (5000, 8, 8), (20000, 3, 7)]:
    a = rng.integers(0, ka, size=size)
    b = np.where(rng.random(size) < 0.7, a, rng.integers(0, kb, size=size))
    pairs.append((a.tolist(), b.tolist()))
# 70,000 labels: the pair counts' products overflow 64-bit integers.
a = rng.integers(0, 5, size=70000)
b = np.where(rng.random(70000) < 0.5, a, rng.integers(0, 5, size=70000))
pairs.append((a.tolist(), b.tolist()))

for a, b in pairs:
    expected["agreement"].append({
        "first": a,
        "second": b,
        "ari": float(metrics.adjusted_rand_score(a, b)),
        "nmi": float(metrics.normalized_mutual_info_score(a, b)),
    })

with open("expected.json", "w") as f:
    json.dump(expected, f)
