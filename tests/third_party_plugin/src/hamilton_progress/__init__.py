"""Example third-party hamilton plugin (test fixture)."""
