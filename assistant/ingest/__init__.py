"""Ingest: load files (txt, md, docx, pdf, html) into Documents and cut them into Chunks with exact offsets."""
