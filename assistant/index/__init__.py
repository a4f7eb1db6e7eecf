"""Index: the FAISS + BM25 store, its on-disk generations, and the incremental indexer that writes them."""
