"""Packaged data files (the actor gazetteer, `actors.toml`)."""
