"""The `dondoc` command: Typer + Rich, tables for people and --json for scripts."""
