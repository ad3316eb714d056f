"""kcheck: read a supplement label dose, name the form, and set it beside the studied doses."""

__version__ = "0.1.0"
