"""Learned judgements over rule candidates: spaCy text classifiers trained on the repo corpus."""
