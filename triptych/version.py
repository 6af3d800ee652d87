"""Triptych's version (a module of its own, so that every part can say it without importing the API)."""

__version__ = "0.1.0"
