"""Omni-Cortex memory databases: connections, queries, the one write path."""

from cortex_dashboard.memories.db import Capabilities, MemoryDatabase, check_is_memory_database
from cortex_dashboard.memories.models import Count, Memory, MemoryPage, NewMemory
from cortex_dashboard.memories.queries import MemoryFilter

__all__ = [
    "Capabilities", "Count", "Memory", "MemoryDatabase", "MemoryFilter", "MemoryPage",
    "NewMemory", "check_is_memory_database",
]
