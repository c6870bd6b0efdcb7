# Exports the public churn data sets shipped by R's modeldata package (Debian: r-cran-modeldata)
# as CSV with a customer id column. Run: Rscript samples/telco/export.R (from the repository root).
library(modeldata)
data(wa_churn)
data(mlc_churn)
wa <- cbind(customer_id = sprintf("WA%05d", seq_len(nrow(wa_churn))), as.data.frame(wa_churn))
mlc <- cbind(customer_id = sprintf("MLC%05d", seq_len(nrow(mlc_churn))), as.data.frame(mlc_churn))
write.csv(wa, "samples/telco/wa_churn.csv", row.names = FALSE, na = "")
write.csv(mlc, "samples/telco/mlc_churn.csv", row.names = FALSE, na = "")
