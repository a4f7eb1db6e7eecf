"""Retrieval: hybrid BM25 + dense search with rank fusion, reranking, and the langchain retriever."""
