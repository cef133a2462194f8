"""Cutting generic words out of a name does not depend on the process's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys


def test_strip_generic_is_the_same_under_every_hash_seed() -> None:
    code = ("from calcheck._clues import _generic_cjk_longest_first as g, GENERIC, is_cjk;"
            "import itertools;"
            "print(g());"
            "words = [w for w in GENERIC if is_cjk(w) and len(w) >= 2];"
            "from calcheck._clues import strip_generic;"
            "print([strip_generic(a + b) for a, b in itertools.permutations(sorted(words), 2)])")
    outs = set()
    for seed in ("0", "1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                capture_output=True, text=True).stdout)
    assert len(outs) == 1
