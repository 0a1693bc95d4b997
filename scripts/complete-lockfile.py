#!/usr/bin/env python3
"""Adds the other platforms' optional packages to package-lock.json.

The npm registry reachable in this workplace answers 404 for packages built for other platforms
(for example @swc/core-darwin-arm64), so `npm install` writes a lock without them and `npm ci`
then rejects the lock as out of sync. This adds an entry (version, os, cpu, libc, optional) for
each such package, which is what npm writes where the registry serves them; npm ci never fetches
a package for another platform. Run it after `npm install` changes the lock:

    python3 scripts/complete-lockfile.py
"""
import json
import re
import sys

OSES = ["darwin", "linux", "win32", "freebsd", "android", "openharmony", "sunos", "aix", "netbsd", "openbsd"]
CPUS = ["arm64", "x64", "ia32", "arm", "ppc64", "s390x", "riscv64", "loong64", "wasm32", "mips64el"]


def platform(name):
    short = name.split("/")[-1]
    os_ = next((o for o in OSES if o in short), None)
    cpu = next((c for c in CPUS if re.search(r"(^|-)" + c + r"($|-)", short)), None)
    libc = "musl" if "musl" in short else "glibc" if "gnu" in short else None
    return os_, cpu, libc


def main(path="package-lock.json"):
    with open(path, encoding="utf-8") as f:
        lock = json.load(f)
    packages = lock["packages"]
    added = 0
    for where, info in list(packages.items()):
        for dep, spec in (info.get("optionalDependencies") or {}).items():
            if f"{where}/node_modules/{dep}" in packages or f"node_modules/{dep}" in packages:
                continue
            os_, cpu, libc = platform(dep)
            if os_ is None and cpu is None:
                continue
            entry = {"version": spec.lstrip("^~="), "optional": True}
            if cpu:
                entry["cpu"] = [cpu]
            if os_:
                entry["os"] = [os_]
            if libc:
                entry["libc"] = [libc]
            if info.get("dev") or info.get("devOptional"):
                entry["dev"] = True
            packages[f"node_modules/{dep}"] = entry
            added += 1
    lock["packages"] = dict(sorted(packages.items(), key=lambda kv: (kv[0] != "", kv[0])))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(lock, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{added} plattformspaket lades till i {path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
