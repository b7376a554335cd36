"""The benchmark harness of issue 5: `python bench/run.py` (see bench/README.md)."""
