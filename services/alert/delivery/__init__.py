"""Alert delivery channels. `webhook`: signed HTTP POSTs with retries and per-receiver isolation."""
