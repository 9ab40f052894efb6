"""Embedding models (rebuilt e5 by default) and the on-disk embedding cache."""
