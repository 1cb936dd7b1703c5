"""Check that the .lock files cover what requirements*.txt name (standard library only; `make` runs it).

requirements.txt and requirements-dev.txt are the lists we edit; pip-compile turns them into
requirements.lock and requirements-dev.lock with every package pinned and hashed. A package added to a
.txt file without `make lock`, or a runtime pin that differs between the two locks, fails here with
the names, so `make` never installs something other than what the image runs.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.M)


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """{normalised name: version} of every `name==version` line of one requirements file."""
    return {normalise(name): version for name, version in PIN.findall(path.read_text())}


def problems(root=ROOT):
    found = []
    runtime_lock = pins(root / "requirements.lock")
    dev_lock = pins(root / "requirements-dev.lock")
    for source, lock, lock_name in [
        ("requirements.txt", runtime_lock, "requirements.lock"),
        ("requirements-dev.txt", dev_lock, "requirements-dev.lock"),
    ]:
        for name, version in pins(root / source).items():
            if lock.get(name) != version:
                found.append(f"{source} asks for {name}=={version}, {lock_name} has {lock.get(name, 'nothing')}")
    for name, version in runtime_lock.items():
        if dev_lock.get(name) != version:
            found.append(f"requirements.lock has {name}=={version}, requirements-dev.lock {dev_lock.get(name)}")
    return found


if __name__ == "__main__":
    issues = problems()
    for line in issues:
        print(line, file=sys.stderr)
    sys.exit(1 if issues else 0)
