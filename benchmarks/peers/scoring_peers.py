#!/usr/bin/env python3
"""Churn scoring against scikit-learn on the real churn data in samples/telco (issue #8).

One command:  /usr/bin/python3 benchmarks/peers/scoring_peers.py [--skip-ours]

For each data set (mlc_churn, wa_churn) it uses a fixed stratified 70/30 split whose test customer ids are stored in
benchmarks/peers/splits/<name>_test_ids.txt (created once with random_state=42, then reused, so every run and the .NET
tests see identical rows), writes the train/test CSVs to benchmarks/peers/data/scoring/ (git-ignored), and compares ROC AUC on the test rows:
  - scikit-learn LogisticRegression (l2, C=1) on the same encoding as ours (numbers as they are, yes/no as 1/0,
    text with <= 12 levels one-hot, others dropped; median imputation; standard scaling of every feature)
    vs `segment score train --model-type logistic` + `segment score apply`;
  - scikit-learn HistGradientBoostingClassifier (defaults, random_state=0) vs `--model-type gbm` (ML.NET FastTree).
Ours runs through the built CLI (dotnet build src/Segmentation.Cli -c Release first; the script builds it if missing).
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SPLITS = os.path.join(HERE, "splits")
OUT = os.path.join(HERE, "data", "scoring")  # generated, git-ignored
MISSING = {"", "na", "n/a", "nan", "null", "none"}
TRUE = {"yes", "y", "true", "t", "1"}
FALSE = {"no", "n", "false", "f", "0"}
SETS = {
    "mlc_churn": dict(path="samples/telco/mlc_churn.csv", id="customer_id", target="churn", positive="yes"),
    "wa_churn": dict(path="samples/telco/wa_churn.csv", id="customer_id", target="churn", positive="Yes"),
}


def read_raw(path):
    return pd.read_csv(os.path.join(ROOT, path), dtype=str, keep_default_na=False)


def _number(cell):
    if cell.strip().lower() in MISSING:
        return np.nan
    return float(cell)


def encoding(train, id_column, target, max_levels=12):
    """The encoding Segmentation's TabularFeatures learns from the training table: (name, kind, levels) per column."""
    columns = []
    for name in train.columns:
        if name in (id_column, target):
            continue
        cells = [c.strip() for c in train[name]]
        present = [c for c in cells if c.lower() not in MISSING]
        if not present:
            continue
        try:
            [float(c) for c in present]
            columns.append((name, "number", None))
            continue
        except ValueError:
            pass
        if all(c.lower() in TRUE | FALSE for c in present):
            columns.append((name, "binary", None))
            continue
        levels = sorted(set(present))
        if len(levels) <= max_levels:
            columns.append((name, "categorical", levels))
    return columns


def encode(frame, columns):
    """Applies an encoding: NaN for missing numbers, all-zero one-hot for missing or unseen levels."""
    out, names = [], []
    for name, kind, levels in columns:
        cells = [c.strip() for c in frame[name]]
        if kind == "number":
            out.append([_number(c) for c in cells]); names.append(name)
        elif kind == "binary":
            out.append([np.nan if c.lower() in MISSING else (1.0 if c.lower() in TRUE else 0.0) for c in cells]); names.append(name)
        else:
            for level in levels:
                out.append([1.0 if c == level else 0.0 for c in cells]); names.append(f"{name}={level}")
    return np.array(out, dtype=float).T, names


def standardise(train_x, test_x):
    """Median imputation, then (x - mean) / population std (1 for constant columns), all fitted on train."""
    median = np.nanmedian(train_x, axis=0)
    median = np.where(np.isnan(median), 0.0, median)
    fill = lambda x: np.where(np.isnan(x), median, x)
    a, b = fill(train_x), fill(test_x)
    mean, std = a.mean(axis=0), a.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return (a - mean) / std, (b - mean) / std


def split(name, raw, spec):
    """The fixed split: test ids stored in splits/<name>_test_ids.txt (created on the first run)."""
    path = os.path.join(SPLITS, f"{name}_test_ids.txt")
    if not os.path.exists(path):
        y = (raw[spec["target"]] == spec["positive"]).to_numpy()
        _, test = train_test_split(np.arange(len(raw)), test_size=0.3, stratify=y, random_state=42)
        with open(path, "w") as f:
            f.write("\n".join(raw[spec["id"]].iloc[np.sort(test)]) + "\n")
    test_ids = set(open(path).read().split())
    is_test = raw[spec["id"]].isin(test_ids).to_numpy()
    return raw[~is_test].reset_index(drop=True), raw[is_test].reset_index(drop=True)


def sklearn_scores(train, test, spec):
    columns = encoding(train, spec["id"], spec["target"])
    train_x, names = encode(train, columns)
    test_x, _ = encode(test, columns)
    y_train = (train[spec["target"]] == spec["positive"]).to_numpy().astype(int)
    y_test = (test[spec["target"]] == spec["positive"]).to_numpy().astype(int)
    a, b = standardise(train_x, test_x)
    start = time.perf_counter()
    logistic = LogisticRegression(C=1.0, max_iter=100000, tol=1e-10).fit(a, y_train)
    logistic_seconds = time.perf_counter() - start
    start = time.perf_counter()
    hgb = HistGradientBoostingClassifier(random_state=0).fit(train_x, y_train)
    hgb_seconds = time.perf_counter() - start
    return dict(
        names=names,
        y_test=y_test,
        logistic=logistic,
        logistic_auc=roc_auc_score(y_test, logistic.predict_proba(b)[:, 1]),
        logistic_seconds=logistic_seconds,
        hgb_auc=roc_auc_score(y_test, hgb.predict_proba(test_x)[:, 1]),
        hgb_seconds=hgb_seconds,
    )


def segment_command():
    dll = os.path.join(ROOT, "src", "Segmentation.Cli", "bin", "Release", "net10.0", "segment.dll")
    if not os.path.exists(dll):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "Segmentation.Cli"), "-c", "Release"], check=True)
    return ["dotnet", dll]


def ours(name, spec, model_type, train_path, test_path, y_test):
    model = os.path.join(OUT, f"{name}_{model_type}.json")
    scores = os.path.join(OUT, f"{name}_{model_type}_scores.csv")
    segment = segment_command()
    start = time.perf_counter()
    subprocess.run(segment + ["score", "train", "--input", train_path, "--target", spec["target"], "--positive", spec["positive"],
                              "--id-column", spec["id"], "--model-type", model_type, "--model", model], check=True, capture_output=True)
    train_seconds = time.perf_counter() - start
    subprocess.run(segment + ["score", "apply", "--model", model, "--input", test_path, "--id-column", spec["id"], "--output", scores],
                   check=True, capture_output=True)
    predicted = pd.read_csv(scores)["score"].to_numpy()
    return roc_auc_score(y_test, predicted), train_seconds


def main():
    skip_ours = "--skip-ours" in sys.argv
    os.makedirs(OUT, exist_ok=True)
    results = {}
    for name, spec in SETS.items():
        raw = read_raw(spec["path"])
        train, test = split(name, raw, spec)
        train_path, test_path = os.path.join(OUT, f"{name}_train.csv"), os.path.join(OUT, f"{name}_test.csv")
        # Without the target, as new customers would come; our apply refuses nothing for it either way.
        train.to_csv(train_path, index=False)
        test.drop(columns=[spec["target"]]).to_csv(test_path, index=False)
        ref = sklearn_scores(train, test, spec)
        row = dict(rows_train=len(train), rows_test=len(test), sklearn_logistic_auc=ref["logistic_auc"], sklearn_hgb_auc=ref["hgb_auc"])
        if not skip_ours:
            row["ours_logistic_auc"], row["ours_logistic_train_seconds"] = ours(name, spec, "logistic", train_path, test_path, ref["y_test"])
            row["ours_gbm_auc"], row["ours_gbm_train_seconds"] = ours(name, spec, "gbm", train_path, test_path, ref["y_test"])
            row["logistic_auc_difference"] = row["ours_logistic_auc"] - row["sklearn_logistic_auc"]
            row["gbm_auc_difference"] = row["ours_gbm_auc"] - row["sklearn_hgb_auc"]
        results[name] = row
        print(name, json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    return results


if __name__ == "__main__":
    main()
