"""Import 100k capability records (plus their centers) and print the time and the peak memory.

Goal (issue 2): under 60 s on 2 cores. The machine is shared and noisy, so the run also times a baseline in the
same process conditions, reading and JSON-parsing the same file, and prints the import's ratio to it.

    .venv/bin/python benchmarks/kb_import.py [--capabilities 100000] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = """
import json, resource, sys, time
from pathlib import Path
from core.db import session_scope
from core.settings import Settings
from kb.io.importer import import_files
mode, path, home, url = sys.argv[1:5]
t0 = time.perf_counter()
if mode == "baseline":
    n = sum(1 for line in Path(path).open(encoding="utf-8") if line.strip() and not line.startswith("#")
            and json.loads(line))
else:
    settings = Settings(home=home, database_url=url or None)
    with session_scope(settings) as session:
        result = import_files(session=session, paths=[Path(path)])
    assert result.ok, result.issues[:3]
    n = sum(result.created.values())
elapsed = time.perf_counter() - t0
print(json.dumps({"records": n, "seconds": elapsed,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(mode: str, path: Path, home: Path, url: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), str(home), url], check=True,
                         capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--capabilities", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="also import into PostgreSQL (a fresh schema)")
    args = parser.parse_args()

    from kb.synthetic import write_synthetic_catalog

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "synthetic.jsonl"
        counts = write_synthetic_catalog(out=data, capabilities=args.capabilities)
        size_mb = data.stat().st_size / 1e6
        print(f"catalog: {counts} ({size_mb:.1f} MB JSON Lines), cores: {os.cpu_count()}")
        base = run_child("baseline", data, Path(tmp) / "unused", "")
        print(f"baseline read+parse: {base['seconds']:.2f} s, peak RSS {base['peak_rss_mb']:.0f} MB")
        sqlite = run_child("import", data, Path(tmp) / "home", "")
        print(f"SQLite import: {sqlite['records']} records in {sqlite['seconds']:.2f} s "
              f"({sqlite['records'] / sqlite['seconds']:.0f} records/s), peak RSS {sqlite['peak_rss_mb']:.0f} MB, "
              f"{sqlite['seconds'] / base['seconds']:.1f}× baseline; goal < 60 s: "
              f"{'met' if sqlite['seconds'] < 60 else 'NOT met'}")
        if args.postgres:
            import uuid

            from sqlalchemy import create_engine, text

            pg = os.environ.get("INNODOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(pg)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                res = run_child("import", data, Path(tmp) / "home-pg", f"{pg}?options=-csearch_path%3D{schema}")
                print(f"PostgreSQL import: {res['records']} records in {res['seconds']:.2f} s, "
                      f"peak RSS {res['peak_rss_mb']:.0f} MB, {res['seconds'] / base['seconds']:.1f}× baseline")
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
