"""textrepair: repair the text that machine translation and language models leave behind.

>>> import textrepair
>>> textrepair.repair("The cafÃ© opened.").text
'The café opened.'
"""

from .config import RepairConfig
from .edits import Edit, Flag, RepairResult, apply_edits
from .garble import flag_garbled
from .gazetteer import Gazetteer
from .loops import Loop, collapse_loops, find_loops
from .names import fix_names
from .pipeline import repair

__all__ = [
    "Edit",
    "Flag",
    "Gazetteer",
    "Loop",
    "RepairConfig",
    "RepairResult",
    "apply_edits",
    "collapse_loops",
    "find_loops",
    "flag_garbled",
    "fix_names",
    "repair",
]
__version__ = "0.1.0"
