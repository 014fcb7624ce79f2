"""The model path and its checks: the client (llm.py), the prompts, the cited ledger the model answers with, and
the checks that turn its answer into a ledger the reply can show (checked_ledger.py, source_check.py, support.py).

Imported only when a model is used: `newsbot read` and the offline analysis never load it (or the openai client).
"""
