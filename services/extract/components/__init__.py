"""spaCy components of the extractor, one per module, registered with `@Language.factory`."""
