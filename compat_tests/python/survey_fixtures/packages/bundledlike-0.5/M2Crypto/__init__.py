"""A trimmed copy of M2Crypto shipped inside the sdist (as some dependents do)."""
