"""What operators watch: Prometheus metrics (metrics.py) and one-JSON-object-per-line logs (logs.py)."""
