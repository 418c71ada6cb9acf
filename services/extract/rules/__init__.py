"""Rules of the policy-shift extractor: lexicons and small named pattern functions."""
