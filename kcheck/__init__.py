"""kcheck: read a supplement label dose, name the form, and set it beside the studied doses."""

__version__ = "0.1.0"


def __getattr__(name: str):
    """`kcheck.parse_label` is imported on first use, so `import kcheck` stays light."""
    if name == "parse_label":
        from kcheck.api import parse_label

        return parse_label
    raise AttributeError(f"module 'kcheck' has no attribute {name!r}")
