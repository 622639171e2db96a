"""Image generation: providers, conversations, the image store, pricing."""
