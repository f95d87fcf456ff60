"""Gazetteer load times: cold (compile the TSVs, write the cache) and warm (read it).

    python benchmarks/bench_gazetteer.py

Each measurement runs in a fresh interpreter, as a real process start would; the
cold one uses an empty cache directory. The target for a warm load is 0.5 s.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, time
t0 = time.perf_counter()
from rasd.gazetteer import Gazetteer
t1 = time.perf_counter()
g = Gazetteer.load()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "places": len(g),
                  "keys": sum(1 for _ in g.keys())}))
"""


def measure(cache: Path) -> dict:
    env = dict(os.environ, RASD_CACHE_DIR=str(cache),
               PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        cache = Path(tmp)
        cold = measure(cache)
        warm = [measure(cache) for _ in range(3)]
    best = min(w["load_s"] for w in warm)
    print(f"places {cold['places']}, keys {cold['keys']}")
    print(f"cold load (compile + write cache): {cold['load_s']:.2f} s")
    runs = ", ".join(f"{w['load_s']:.3f}" for w in warm)
    print(f"warm load (read cache), best of 3: {best:.3f} s [{runs}]"
          f"  (target <= 0.5 s: {'ok' if best <= 0.5 else 'SLOW'})")
    print(f"import rasd.gazetteer: {min(w['import_s'] for w in warm):.3f} s")
    return 0 if best <= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
