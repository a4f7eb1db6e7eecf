"""`assistant bench`: indexing throughput, query latency by corpus size, exact vs approximate vector
search, a Langchain-Chatchat-style baseline, and the app under concurrent load, in one run.

Modules by stage: indexing, synthetic (larger corpora), queries, ann, baseline, load; stats, memory
and machine are helpers; runner orchestrates; report renders Markdown; cli registers the command."""
