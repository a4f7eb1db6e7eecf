"""Cite: verify every [n] marker against its passage and locate each quote with offsets."""
