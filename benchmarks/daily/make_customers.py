#!/usr/bin/env python3
"""Writes customers.csv (N synthetic accounts, 13 numeric + 3 text columns and a churned outcome) and history.csv
(its first 50,000 rows, for `segment score train`), to time `segment run` with and without the daily step.
Usage: /usr/bin/python3 benchmarks/daily/make_customers.py [N] [folder]; see docs/playbooks.md, "At 1,000,000 customers"."""
import os
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
folder = sys.argv[2] if len(sys.argv) > 2 else "."
random.seed(3)
cols = ("id,arr,tenure_days,usage_change_60d,tickets_90d,tickets_change_90d,days_to_renewal,days_since_last_active,"
        "feature_adoption,seat_utilisation,nps,logins_30d,api_calls_30d,seats,plan,region,industry,churned")
with open(os.path.join(folder, "customers.csv"), "w") as f, open(os.path.join(folder, "history.csv"), "w") as h:
    f.write(cols + "\n")
    h.write(cols + "\n")
    for i in range(n):
        arr = random.choice([5000, 20000, 60000, 150000]) * random.uniform(0.5, 1.5)
        dsla = random.choice([0, 1, 3, 10, 40, 90])
        uc = random.gauss(0, 25)
        churn = 0.05 + 0.3 * (dsla > 30) + 0.2 * (uc < -20)
        row = (f"a{i},{arr:.0f},{random.randint(5, 1500)},{uc:.1f},{random.randint(0, 20)},{random.gauss(0, 60):.1f},"
               f"{random.randint(0, 365)},{dsla},{random.random():.2f},{random.uniform(0, 1.2):.2f},{random.randint(0, 10)},"
               f"{random.randint(0, 300)},{random.randint(0, 20000)},{random.randint(1, 500)},"
               f"{random.choice(['Starter', 'Growth', 'Enterprise'])},{random.choice(['NA', 'EMEA', 'APAC', 'LATAM'])},"
               f"{random.choice(['Retail', 'Bank', 'SaaS', 'Health', 'Gov'])},{'yes' if random.random() < churn else 'no'}\n")
        f.write(row)
        if i < 50_000:
            h.write(row)
