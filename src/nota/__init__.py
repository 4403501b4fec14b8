"""nota: a publishing pipeline for Dutch municipal policy documents."""

__version__ = "0.1.0"
