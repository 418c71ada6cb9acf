"""Getting alerts out: which matches alert (`alerts`), digests, and webhooks (`sender` records and claims
deliveries through `leases`; `dispatch` signs and POSTs them with retries and per-receiver isolation)."""
