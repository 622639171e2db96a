"""Ask AI: answers grounded in memories, with [[Memory N]] citations."""
