"""The web portal and REST API: thin routes over the core's actions and read models."""
