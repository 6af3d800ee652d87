"""Triptych's built-in exporters, one module each, registered as ``triptych.exporters`` entry points."""
