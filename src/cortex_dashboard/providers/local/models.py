"""What the offline provider serves, described like the catalogue's models (free)."""

from __future__ import annotations

from cortex_dashboard.catalogue import BASE_RATIOS, Model, Prices

FREE = Prices(0.0, 0.0, 0.0)
OFFLINE_RENDERER = Model("offline-renderer", "Offline renderer", "image", "ga", FREE, 0,
                         ratios=BASE_RATIOS, sizes=("1K", "2K", "4K"),
                         max_reference_images=14, max_reference_objects=14,
                         max_reference_people=14)
"""Draws at Nano Banana Pro's published pixel sizes, so a picture has the same shape
whichever provider drew it."""
OFFLINE_RETRIEVAL = Model("offline-retrieval", "Offline retrieval", "text", "ga", FREE, 0)
