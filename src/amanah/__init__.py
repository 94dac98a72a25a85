"""Amanah: defence technology sharing — cases, compliance, screening, reports."""

__version__ = "0.1.0"
