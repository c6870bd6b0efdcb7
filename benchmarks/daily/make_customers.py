#!/usr/bin/env python3
"""Writes customers.csv (N synthetic accounts, 13 numeric + 3 text columns and a churned outcome) and history.csv
(its first 50,000 rows, for `segment score train`), to time `segment run` with and without the daily step.

Usage: /usr/bin/python3 benchmarks/daily/make_customers.py [N] [folder] [--shape uniform|blobs|overlap]
  uniform  (default, the file docs/playbooks.md times) each numeric column drawn on its own: no cluster structure;
  blobs    the numeric columns around 6 account profiles, well separated (spread 0.05 of each column's range);
  overlap  the same 6 profiles with a spread of 0.25 of the range, so the groups overlap.
The text columns and the outcome are drawn the same way for every shape; see docs/playbooks.md, "At 1,000,000
customers", and docs/performance.md, "segment run at 1,000,000 customers"."""
import argparse
import os
import random

# Per numeric column: (low, high, decimals) of the range the blob shapes draw in; uniform uses its own draws below.
RANGES = [("arr", 2500, 225000, 0), ("tenure_days", 5, 1500, 0), ("usage_change_60d", -75, 75, 1),
          ("tickets_90d", 0, 20, 0), ("tickets_change_90d", -180, 180, 1), ("days_to_renewal", 0, 365, 0),
          ("days_since_last_active", 0, 90, 0), ("feature_adoption", 0, 1, 2), ("seat_utilisation", 0, 1.2, 2),
          ("nps", 0, 10, 0), ("logins_30d", 0, 300, 0), ("api_calls_30d", 0, 20000, 0), ("seats", 1, 500, 0)]


def uniform_numbers(rng):
    arr = rng.choice([5000, 20000, 60000, 150000]) * rng.uniform(0.5, 1.5)
    dsla = rng.choice([0, 1, 3, 10, 40, 90])
    # A usage change below -100% is not possible (usage cannot fall below zero); about 30 of 1M draws would be.
    uc = max(-100.0, rng.gauss(0, 25))
    text = (f"{arr:.0f},{rng.randint(5, 1500)},{uc:.1f},{rng.randint(0, 20)},{rng.gauss(0, 60):.1f},"
            f"{rng.randint(0, 365)},{dsla},{rng.random():.2f},{rng.uniform(0, 1.2):.2f},{rng.randint(0, 10)},"
            f"{rng.randint(0, 300)},{rng.randint(0, 20000)},{rng.randint(1, 500)}")
    return text, dsla, uc


def blob_numbers(rng, centres, spread):
    centre = rng.choice(centres)
    cells = []
    for (_, low, high, decimals), c in zip(RANGES, centre):
        v = min(high, max(low, rng.gauss(c, spread * (high - low))))
        cells.append(f"{v:.{decimals}f}")
    return ",".join(cells), float(cells[6]), float(cells[2])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("folder", nargs="?", default=".")
    parser.add_argument("--shape", choices=["uniform", "blobs", "overlap"], default="uniform")
    args = parser.parse_args()

    rng = random.Random(3)
    centres = []
    if args.shape != "uniform":
        profiles = random.Random(11)
        centres = [[profiles.uniform(low, high) for (_, low, high, _) in RANGES] for _ in range(6)]
    spread = 0.05 if args.shape == "blobs" else 0.25
    cols = ("id,arr,tenure_days,usage_change_60d,tickets_90d,tickets_change_90d,days_to_renewal,days_since_last_active,"
            "feature_adoption,seat_utilisation,nps,logins_30d,api_calls_30d,seats,plan,region,industry,churned")
    with open(os.path.join(args.folder, "customers.csv"), "w") as f, open(os.path.join(args.folder, "history.csv"), "w") as h:
        f.write(cols + "\n")
        h.write(cols + "\n")
        for i in range(args.n):
            numbers, dsla, uc = uniform_numbers(rng) if args.shape == "uniform" else blob_numbers(rng, centres, spread)
            churn = 0.05 + 0.3 * (dsla > 30) + 0.2 * (uc < -20)
            row = (f"a{i},{numbers},"
                   f"{rng.choice(['Starter', 'Growth', 'Enterprise'])},{rng.choice(['NA', 'EMEA', 'APAC', 'LATAM'])},"
                   f"{rng.choice(['Retail', 'Bank', 'SaaS', 'Health', 'Gov'])},{'yes' if rng.random() < churn else 'no'}\n")
            f.write(row)
            if i < 50_000:
                h.write(row)


if __name__ == "__main__":
    main()
