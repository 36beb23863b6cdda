"""Full-text search over the published site: one Vietnamese analyzer, a whoosh index, queries."""
