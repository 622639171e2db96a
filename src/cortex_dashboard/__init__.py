"""cortex-dashboard: turn Omni-Cortex memories into pictures and answers."""

__version__ = "0.1.0"
