"""Read a user's text file safely: size cap, UTF-8 only, no invisible controls.

A researcher's editor may save Latin-1, UTF-16 or Windows line ends, or paste
an invisible bidirectional override from a web page. Each becomes a located
problem or is normalised here (BOM, CRLF), never a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .model import Problem

MAX_FILE_BYTES = 1_000_000

# C0 and C1 controls except tab, line feed and carriage return; the Unicode
# bidirectional embeddings, overrides and isolates ("Trojan Source"); and
# zero-width characters that make two ids look identical.
INVISIBLE = _INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text with BOM stripped and line ends as ``\\n``.

    ``shown`` is the path as messages print it. On failure the text is None
    and the problems say why.
    """
    refused = not_a_regular_file(path, shown)
    if refused is not None:
        return None, [refused]
    try:
        # O_NOFOLLOW and O_NONBLOCK: a symlink or a FIFO swapped in after the check still cannot hang or redirect us.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None, [Problem(shown, 0, 0, "not-a-file", "this is not a regular file", _NOT_A_FILE_HINT)]
            if status.st_size > MAX_FILE_BYTES:
                return None, [_too_large(status.st_size, shown)]
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(shown, 0, 0, "unreadable", f"cannot read the file: {exc.strerror}")]
    return decode(data, shown)


_NOT_A_FILE_HINT = "replace it with an ordinary text file"


def not_a_regular_file(path: Path, shown: str) -> Problem | None:
    """A problem when ``path`` is a symlink or not a regular file (a FIFO, a device, a folder); never follows or opens it.

    Policy: symlinks are refused everywhere tbvsite reads, so no link can point
    outside the project or loop; a FIFO or device is refused before it is opened,
    so it cannot hang the build.
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return Problem(shown, 0, 0, "unreadable", f"cannot read the file: {exc.strerror}")
    if stat.S_ISLNK(mode):
        return Problem(shown, 0, 0, "symlink", "this is a symbolic link; tbvsite does not follow links",
                       "put the file itself here (copy it), or point the option at the real folder")
    if not stat.S_ISREG(mode):
        return Problem(shown, 0, 0, "not-a-file", "this is not a regular file (a pipe, device or socket)",
                       _NOT_A_FILE_HINT)
    return None


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_large(len(data), shown)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(
                shown, 1, 1, "encoding", "the file is saved as UTF-16",
                "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                shown, line, column, "encoding",
                f"byte 0x{data[exc.start]:02x} is not valid UTF-8 (the file looks like Latin-1 or Windows-1252)",
                "save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = [
        Problem(
            shown, line, match.start() + 1, "control-character",
            f"invisible character U+{ord(match.group()):04X} is not allowed",
            "delete it (it is often pasted in from a web page or a word processor)",
        )
        for line, text_line in enumerate(text.split("\n"), 1)
        for match in _INVISIBLE.finditer(text_line)
    ]
    return text, problems


def _too_large(size: int, shown: str) -> Problem:
    return Problem(shown, 1, 1, "too-large", f"the file has {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                   "split the case into smaller files or move long material out of the vignette")


def shown_path(path: Path, root: Path | None) -> str:
    """``path`` as messages print it: relative to ``root`` where it lies inside it."""
    if root is not None:
        try:
            # The folder resolved, not the name: a symlink is shown as itself, and a link loop cannot break this.
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
