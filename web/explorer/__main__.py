"""`python -m web.explorer`: fetch the vendored files again from the npm registry (`npm pack` at
the pinned versions), check each against its sha384 and write it to web/explorer/static/."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from web.explorer import STATIC, VENDORED


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        packed: dict[str, Path] = {}
        for asset in VENDORED:
            spec = f"{asset.package}@{asset.version}"
            if spec not in packed:
                name = subprocess.run(
                    ["npm", "pack", "--silent", spec],
                    cwd=folder,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split()[-1]
                packed[spec] = Path(folder) / name
            with tarfile.open(packed[spec]) as archive:
                member = archive.extractfile(f"package/{asset.path_in_package}")
                assert member is not None
                data = member.read()
            digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
            if digest != asset.sha384:
                print(f"{spec} {asset.path_in_package}: sha384-{digest}", file=sys.stderr)
                print("update its digest in web/explorer/__init__.py if the version changed")
                return 1
            (STATIC / asset.name).write_bytes(data)
            print(f"wrote {STATIC / asset.name} from {spec}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
