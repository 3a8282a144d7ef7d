"""The history store: SQLite, its records, stats, export and import."""
