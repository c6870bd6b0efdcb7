"""The data shapes the peer scripts share (--shape), and the line saying which instruction set the Python side ran on.

blobs:   k well-separated Gaussian blobs (centres uniform in [-10, 10]^d, std 1)
overlap: k overlapping Gaussian blobs (std 4: neighbouring blobs run into each other)
uniform: one structureless standard Gaussian cloud; the labels are each point's nearest of k random points
"""
import numpy as np
from sklearn.datasets import make_blobs

SHAPES = ("blobs", "overlap", "uniform")


def make(shape, n, d, k, seed=0):
    if shape == "blobs":
        return make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=1.0, center_box=(-10.0, 10.0), random_state=seed)
    if shape == "overlap":
        return make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=4.0, random_state=seed)
    if shape == "uniform":
        rng = np.random.default_rng(seed)
        X = rng.standard_normal((n, d))
        anchors = X[rng.choice(n, size=k, replace=False)]
        labels = np.empty(n, dtype=np.int64)
        for start in range(0, n, 65536):
            block = X[start:start + 65536]
            distances = (block * block).sum(1)[:, None] - 2 * block @ anchors.T + (anchors * anchors).sum(1)[None, :]
            labels[start:start + 65536] = distances.argmin(1)
        return X, labels
    raise ValueError(f"--shape must be one of {', '.join(SHAPES)}, not {shape}")


def isa_line():
    """numpy's BLAS (library, version, the kernel architecture it picked) and the CPU's widest AVX level."""
    try:
        from threadpoolctl import threadpool_info
        blas = [f"{i['internal_api']} {i.get('version')} ({i.get('architecture')}, {i.get('num_threads')} threads)"
                for i in threadpool_info() if i.get("user_api") == "blas"]
    except ImportError:
        blas = ["unknown (threadpoolctl missing)"]
    try:
        from numpy.core._multiarray_umath import __cpu_features__ as features
        cpu = "AVX512F" if features.get("AVX512F") else "AVX2" if features.get("AVX2") else "SSE"
    except ImportError:
        cpu = "unknown"
    return f"python side: numpy {np.__version__}, BLAS {', '.join(blas) or 'none found'}; CPU supports up to {cpu}"
