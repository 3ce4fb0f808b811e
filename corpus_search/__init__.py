"""corpus-search: search a pile of public documents and pull out the facts."""

# Declared here once: pyproject.toml reads it (setuptools `dynamic`), and `--version` prints it
# without importlib.metadata, which cost `search` 40 ms of start-up.
__version__ = "0.2.0"

__all__ = ["__version__"]
