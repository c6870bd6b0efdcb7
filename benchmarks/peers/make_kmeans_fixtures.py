#!/usr/bin/env python3
"""Writes scikit-learn's Lloyd results (given initial centers, n_init=1) as JSON fixtures for the .NET tests.

Run from the repository root:  /usr/bin/python3 benchmarks/peers/make_kmeans_fixtures.py
The tests read only the JSON files, so the test suite needs nothing but the .NET SDK.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Segmentation.Tests", "Clustering", "KMeans", "Fixtures")


def blobs(rng, n, d, k, spread):
    centers = rng.uniform(-10, 10, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centers[labels] + rng.normal(scale=spread, size=(n, d))


def write(name, X, k, rng, weights=None, tol=1e-4, max_iter=300):
    init = X[rng.choice(len(X), size=k, replace=False)]
    model = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=tol, max_iter=max_iter)
    model.fit(X, sample_weight=weights)
    fixture = {
        "name": name,
        "sklearn_version": sklearn.__version__,
        "k": k,
        "tol": tol,
        "max_iter": max_iter,
        "data": X.tolist(),
        "weights": None if weights is None else weights.tolist(),
        "init": init.tolist(),
        "labels": model.labels_.tolist(),
        "centers": model.cluster_centers_.tolist(),
        "inertia": float(model.inertia_),
        "n_iter": int(model.n_iter_),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(fixture, f)
    print(name, "inertia", model.inertia_, "n_iter", model.n_iter_)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240601)
    write("blobs_n300_d2_k3", blobs(rng, 300, 2, 3, 1.0), 3, rng)
    write("blobs_n1000_d5_k8", blobs(rng, 1000, 5, 8, 2.5), 8, rng)
    write("uniform_n600_d16_k16", rng.uniform(size=(600, 16)), 16, rng, tol=0.0, max_iter=50)
    X = blobs(rng, 400, 3, 4, 3.0)
    write("weighted_n400_d3_k4", X, 4, rng, weights=rng.uniform(0.1, 5.0, size=400))
    write("offset_n500_d4_k5", blobs(rng, 500, 4, 5, 1.5) + 1000.0, 5, rng)


if __name__ == "__main__":
    main()
