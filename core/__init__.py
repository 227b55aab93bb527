"""Layer 0: what every app shares and no domain model. Nothing here imports a Yhdessä app."""
