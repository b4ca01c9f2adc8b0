"""tbvsite: a case-study archive on institutional activism, built with MkDocs.

The pipeline is load -> validate -> index -> emit; :mod:`tbvsite.mkdocs` is the
only package that knows MkDocs.
"""

from .index import build_index
from .loader import discover, load_vignettes
from .model import Index, Problem, Vignette, Vocabulary
from .pipeline import Result, run
from .validate import validate
from .vocabulary import load_vocabulary

__version__ = "0.1.0"

__all__ = [
    "Index",
    "Problem",
    "Result",
    "Vignette",
    "Vocabulary",
    "build_index",
    "discover",
    "load_vignettes",
    "load_vocabulary",
    "run",
    "validate",
]
