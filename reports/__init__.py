"""Layer 5: what combines every feature app (cross-school dashboards, the induction pack, the yearly
evaluation). Each app prints its own documents with the core PDF engine (`core.pdf`)."""
