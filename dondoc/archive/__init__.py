"""The whole state as JSON lines: `dondoc export` writes it, `dondoc import` reads it into an
empty database, on SQLite or PostgreSQL alike."""
