"""``--diff``: a unified diff of a document against its repaired text, as ``black --diff`` prints it.

>>> print(unified_diff("one\\nthe the cafÃ©\\n", "one\\nthe the café\\n", "a.txt"), end="")
--- a.txt
+++ a.txt (repaired)
@@ -1,2 +1,2 @@
 one
-the the cafÃ©
+the the café

An unchanged document has an empty diff.  A last line without a line break is
marked the way ``diff`` and ``patch`` expect.
"""

from __future__ import annotations

import difflib


def unified_diff(original: str, repaired: str, name: str, *, context: int = 3) -> str:
    """The unified diff of ``original`` against ``repaired``, headed ``--- name`` / ``+++ name (repaired)``."""
    if original == repaired:
        return ""
    lines = []
    for line in difflib.unified_diff(_lines(original), _lines(repaired),
                                     fromfile=name, tofile=f"{name} (repaired)", n=context):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n")
            if not line.startswith(("---", "+++", "@@")):
                lines.append("\\ No newline at end of file\n")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines ending at "\\n" only: patch splits there, not at U+2028 or form feeds as str.splitlines does."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
