#!/usr/bin/env python3
"""Reference results for the Scoring tests, from scikit-learn 1.2.1 (run with /usr/bin/python3 from any directory).

Writes beside this script:
  metrics.json            roc_auc_score, average_precision_score, brier_score_loss, log_loss, calibration_curve
                          (quantile, 10 bins), confusion_matrix at 0.5, on random cases with tied scores;
  logistic_small.csv      a small churn table (numbers with gaps, a yes/no column, a text column, a yes/no outcome);
  logistic_reference.json LogisticRegression coefficients on it for several C / class_weight settings, with the
                          encoding and standardisation Segmentation uses (see benchmarks/peers/scoring_peers.py);
  mlc_reference.json      on the fixed 70/30 split of samples/telco/mlc_churn.csv: the test ROC AUC of
                          LogisticRegression (C=1) and of HistGradientBoostingClassifier (defaults, random_state=0),
                          and the logistic coefficients.
Coefficients come from solver="newton-cg" (same loss and C as the default lbfgs): on mlc_churn, whose minutes and
charge columns are nearly collinear, lbfgs stops after 16 iterations up to 0.02 away from the optimum, while
newton-cg agrees with a plain Newton iteration to 1e-10.
"""
import warnings
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, confusion_matrix, log_loss, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "peers"))
import scoring_peers as peers  # noqa: E402  (the same encoding and split as the peer comparison)


def dump(name, value):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def metrics():
    rng = np.random.default_rng(8)
    cases = []
    for n, decimals in [(40, 1), (200, 2), (500, 3)]:
        y = (rng.random(n) < 0.3).astype(int)
        score = np.clip(0.25 + 0.35 * y + rng.normal(0, 0.25, n), 0, 1).round(decimals)  # rounding makes ties, clipping exact 0 and 1
        prob_true, prob_pred = calibration_curve(y, score, n_bins=10, strategy="quantile")
        tn, fp, fn, tp = confusion_matrix(y, score >= 0.5).ravel()
        cases.append(dict(
            outcome=y.tolist(), score=score.tolist(),
            roc_auc=roc_auc_score(y, score), average_precision=average_precision_score(y, score),
            brier=brier_score_loss(y, score), log_loss=log_loss(y, score),
            calibration_observed=prob_true.tolist(), calibration_predicted=prob_pred.tolist(),
            confusion=dict(tp=int(tp), fp=int(fp), tn=int(tn), fn=int(fn))))
    dump("metrics.json", cases)


def small_table():
    rng = np.random.default_rng(6)
    n = 150
    usage = rng.normal(50, 15, n)
    tickets = rng.poisson(2, n).astype(float)
    plan = rng.choice(["basic", "pro", "enterprise"], n)
    sso = rng.random(n) < 0.4
    logit = -1.0 - 0.05 * (usage - 50) + 0.5 * (tickets - 2) + 0.8 * (plan == "basic") - 0.7 * sso
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(dict(
        customer_id=[f"C{i:03d}" for i in range(n)],
        usage=[f"{u:.2f}" for u in usage],
        tickets=[f"{t:.0f}" for t in tickets],
        plan=plan,
        has_sso=np.where(sso, "yes", "no"),
        churned=np.where(churned, "yes", "no")))
    frame.loc[[3, 17, 60], "usage"] = ""  # missing numbers: median-imputed
    frame.loc[[5, 90], "plan"] = ""        # missing text: no level set
    frame.to_csv(os.path.join(HERE, "logistic_small.csv"), index=False)
    return frame


def logistic_reference(frame):
    columns = peers.encoding(frame, "customer_id", "churned")
    x, names = peers.encode(frame, columns)
    z, _ = peers.standardise(x, x)
    y = (frame["churned"] == "yes").to_numpy().astype(int)
    fits = []
    for c, weight in [(1.0, None), (0.1, "balanced"), (10.0, None), (0.01, None)]:
        model = LogisticRegression(C=c, class_weight=weight, solver="newton-cg", tol=1e-12, max_iter=100000).fit(z, y)
        fits.append(dict(c=c, class_weight=weight or "none", intercept=float(model.intercept_[0]), coefficients=model.coef_[0].tolist(),
                         probabilities=model.predict_proba(z)[:, 1].tolist()))
    dump("logistic_reference.json", dict(features=names, fits=fits))


def mlc_reference():
    spec = peers.SETS["mlc_churn"]
    train, test = peers.split("mlc_churn", peers.read_raw(spec["path"]), spec)
    ref = peers.sklearn_scores(train, test, spec)
    model = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-12, max_iter=100000)
    columns = peers.encoding(train, spec["id"], spec["target"])
    train_x, names = peers.encode(train, columns)
    a, _ = peers.standardise(train_x, train_x)
    model.fit(a, (train[spec["target"]] == spec["positive"]).to_numpy().astype(int))
    dump("mlc_reference.json", dict(
        logistic_auc=ref["logistic_auc"], hgb_auc=ref["hgb_auc"], features=names,
        intercept=float(model.intercept_[0]), coefficients=model.coef_[0].tolist()))


if __name__ == "__main__":
    warnings.simplefilter("ignore")  # newton-cg warns when tol=1e-12 is tighter than it can certify
    metrics()
    logistic_reference(small_table())
    mlc_reference()
