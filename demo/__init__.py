"""Layer 6: the demo city, seeded into every app in order (`manage.py seed_demo`, idempotent)."""
