"""Owners (tenants): their API keys (`store`), their NATS credentials and access, the admin commands."""
