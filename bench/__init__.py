"""Load benchmarks, run from the project root (`make bench-participation`)."""
