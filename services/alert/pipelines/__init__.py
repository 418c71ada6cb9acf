"""The NATS consumers' work: one shift (`shifts`) and one extraction notice (`extractions`, which
retracts)."""
