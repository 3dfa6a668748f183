"""Benchmarks that measure the platform against a baseline in the same run and print
the ratio, so a figure means something on any machine. ``make bench`` runs them all;
``python -m bench numbering --callers 50`` runs one."""
