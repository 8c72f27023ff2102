"""Helpers every app may use and that know no app: model fields, who a client is, rate limits.

Nothing here imports an app of the project (the import-linter contracts in pyproject.toml check it)."""
