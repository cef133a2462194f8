"""Writing a private file (credentials, reading state): 0600 from its first byte, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a 0600 file in a 0700 directory, never half written.

    ``mkstemp`` creates the temporary file 0600, so the data is never readable by others, not
    even for the instant between a create and a chmod; ``os.replace`` makes the switch atomic.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
