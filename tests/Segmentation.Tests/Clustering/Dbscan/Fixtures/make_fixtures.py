#!/usr/bin/python3
"""Reference DBSCAN results from scikit-learn (1.2.1 from Debian) for DbscanReferenceTests.

Run from this folder: /usr/bin/python3 make_fixtures.py
Writes manifest.csv (name,eps,min_points,metric,weighted) and one <name>.csv per data set with the columns
x0..x{d-1}[,weight],label,core: the points (17 significant digits, so they read back exactly), scikit-learn's
label (-1 noise) and whether the point is a core sample.
"""
import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_moons


def blobs(n, d, centers, std, seed):
    x, _ = make_blobs(n_samples=n, n_features=d, centers=centers, cluster_std=std, random_state=seed)
    return x


def with_uniform_noise(x, count, seed):
    rng = np.random.RandomState(seed)
    lo, hi = x.min(axis=0) - 1, x.max(axis=0) + 1
    return np.vstack([x, rng.uniform(lo, hi, size=(count, x.shape[1]))])


def shuffled(x, seed):
    return x[np.random.RandomState(seed).permutation(len(x))]


def datasets():
    rng = np.random.RandomState(7)
    yield "blobs2d", blobs(600, 2, 3, 0.6, 1), 0.5, 5, "euclidean", None
    moons, _ = make_moons(n_samples=500, noise=0.08, random_state=2)
    yield "moons2d", moons, 0.15, 5, "euclidean", None
    yield "noise3d", shuffled(with_uniform_noise(blobs(400, 3, 4, 0.5, 3), 150, 4), 5), 0.45, 6, "euclidean", None
    yield "blobs5d", shuffled(with_uniform_noise(blobs(800, 5, 5, 0.8, 6), 100, 7), 8), 1.3, 8, "euclidean", None
    yield "blobs8d", shuffled(with_uniform_noise(blobs(700, 8, 4, 1.0, 9), 100, 10), 11), 2.6, 10, "euclidean", None
    # Integer points with many duplicates: distances land exactly on eps.
    yield "duplicates2d", rng.randint(0, 15, size=(450, 2)).astype(float), 1.0, 7, "euclidean", None
    weighted = blobs(500, 3, 3, 0.7, 12)
    yield "weighted3d", weighted, 0.5, 6, "euclidean", rng.randint(0, 4, size=len(weighted)).astype(float)
    yield "manhattan4d", with_uniform_noise(blobs(500, 4, 3, 0.6, 13), 80, 14), 1.4, 6, "manhattan", None
    yield "cosine3d", blobs(400, 3, 4, 1.2, 15) + 0.05, 0.01, 6, "cosine", None
    yield "minpoints1_2d", blobs(200, 2, 3, 1.5, 16), 0.3, 1, "euclidean", None


def main():
    with open("manifest.csv", "w") as manifest:
        manifest.write("name,eps,min_points,metric,weighted\n")
        for name, x, eps, min_points, metric, weights in datasets():
            model = DBSCAN(eps=eps, min_samples=min_points, metric=metric).fit(x, sample_weight=weights)
            core = np.zeros(len(x), dtype=int)
            core[model.core_sample_indices_] = 1
            d = x.shape[1]
            with open(f"{name}.csv", "w") as out:
                header = [f"x{j}" for j in range(d)] + (["weight"] if weights is not None else []) + ["label", "core"]
                out.write(",".join(header) + "\n")
                for i in range(len(x)):
                    cells = [repr(float(v)) for v in x[i]]
                    if weights is not None:
                        cells.append(repr(float(weights[i])))
                    cells += [str(model.labels_[i]), str(core[i])]
                    out.write(",".join(cells) + "\n")
            manifest.write(f"{name},{eps!r},{min_points},{metric},{int(weights is not None)}\n")
            clusters = len(set(model.labels_)) - (1 if -1 in model.labels_ else 0)
            print(f"{name}: n={len(x)} d={d} clusters={clusters} noise={(model.labels_ == -1).sum()} core={core.sum()}")
    print(f"scikit-learn {sklearn.__version__}")


if __name__ == "__main__":
    main()
