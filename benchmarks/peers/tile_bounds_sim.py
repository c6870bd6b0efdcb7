#!/usr/bin/env python3
"""How much of the float32 kernel's work bounds on whole tiles could skip, on the peer data (docs/performance.md).

The kernel scores tiles of 16 rows against every center. A (tile, center) pair can be skipped when no row of the
tile can have that center as its nearest. This runs the 20 Lloyd iterations of kmeans_peers.py (same data, same
initial centers) in float64 and prints, per iteration:
- the rows that changed label;
- the oracle: the share of (tile, center) pairs with min over the tile's rows of ||x - c|| above the max over its
  rows of the distance to their own center (no bound can skip more), with the rows in their given order and sorted
  by label (at iteration 1);
- bounds as an implementation would keep them, on tiles sorted by label: per (tile, center) a lower bound (the
  minimum over the rows when last scored, less the center's drift since) and per tile an upper bound (the largest
  distance to the own center, plus the largest drift); a pair is scored unless its lower bound exceeds the upper
  bound, and a row's own center is always scored. It checks that the argmin over the scored pairs is the full argmin.

Usage: /usr/bin/python3 benchmarks/peers/tile_bounds_sim.py [--resort 1,3,6]
"""

import argparse

import numpy as np
from sklearn.datasets import make_blobs

N, D, K, W = 1_000_000, 16, 16, 16


def distances(X, C):
    out = np.empty((len(X), len(C)))
    for s in range(0, len(X), 200_000):
        x = X[s:s + 200_000]
        out[s:s + 200_000] = np.sqrt(np.maximum((x * x).sum(1)[:, None] + (C * C).sum(1)[None, :] - 2 * x @ C.T, 0))
    return out


def oracle(Dist, labels, order):
    """Share of (tile, center) pairs no row of the tile can be assigned to (own centers excluded)."""
    tiles = len(order) // W
    idx = order[:tiles * W].reshape(tiles, W)
    own = Dist[idx, labels[idx]].max(1)
    skippable = Dist[idx].min(1) > own[:, None]
    for lane in range(W):
        skippable[np.arange(tiles), labels[idx[:, lane]]] = False
    return skippable.mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resort", default="1", help="iterations at which the tiles are sorted again by label")
    args = parser.parse_args()
    resort = {int(i) for i in args.resort.split(",")}

    X, _ = make_blobs(n_samples=N, n_features=D, centers=K, cluster_std=4.0, random_state=0)
    C = X[np.random.default_rng(0).choice(N, size=K, replace=False)].copy()
    tiles = N // W
    order = np.arange(N)
    labels = lower = upper = None
    scored_total = 0.0
    for iteration in range(20):
        Dist = distances(X, C)
        new = Dist.argmin(1)
        if labels is not None and iteration in resort:
            order = order[np.argsort(labels[order], kind="stable")]
            lower = None
        Ds = Dist[order]
        if lower is None:
            scored = np.ones((tiles, K), bool)
        else:
            own = np.zeros((tiles, K), bool)
            own[np.repeat(np.arange(tiles), W), labels[order].reshape(-1)] = True
            scored = own | ~(lower > upper[:, None])
        subset = np.where(np.repeat(scored, W, axis=0), Ds, np.inf).argmin(1)
        assert (subset == new[order]).all(), "a skipped center was some row's nearest"

        line = f"iteration {iteration:2d}: moved {0 if labels is None else int((new != labels).sum()):7d}"
        if labels is not None:
            unsorted = oracle(Dist, labels, np.arange(N))
            by_label = oracle(Dist, labels, np.argsort(labels, kind="stable"))
            line += f"; oracle skips {unsorted:.2f} of pairs in row order, {by_label:.2f} sorted by label"
        line += f"; bounds score {scored.mean():.2f} of pairs"
        print(line, flush=True)
        scored_total += scored.mean()

        minimum = Ds.reshape(tiles, W, K).min(1)
        lower = minimum if lower is None else np.where(scored, minimum, lower)
        upper = Ds[np.arange(N), new[order]].reshape(tiles, W).max(1)
        labels = new
        centers = np.array([X[labels == c].mean(0) for c in range(K)])
        drift = np.sqrt(((centers - C) ** 2).sum(1))
        C = centers
        lower = lower - drift[None, :]
        upper = upper + drift.max()
    print(f"mean share of pairs scored over 20 iterations: {scored_total / 20:.2f}")


if __name__ == "__main__":
    main()
