"""FastAPI routers, one per area. Routes parse, call a service and return a typed model."""
