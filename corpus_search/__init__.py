"""corpus-search: search a pile of public documents and pull out the facts."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpus-search")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
