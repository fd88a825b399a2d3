"""dondoc: follow up the directives of a Vietnamese district (the domain core, no Prefect)."""

__version__ = "0.1.0"
