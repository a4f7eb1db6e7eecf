"""Golden-question evaluation: sets, metrics, reports, and the CMRC 2018 retrieval benchmark."""
