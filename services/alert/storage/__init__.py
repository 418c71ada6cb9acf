"""Where alert's data lives: tables, column types, the engine and its migrations, read queries,
pagination."""
