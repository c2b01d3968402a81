"""Print which apps of the package each app imports (tests and migrations left out).

python3 scripts/app_graph.py [PACKAGE_DIR [APP]]   # with APP: the files behind each arrow
"""

import ast
import collections
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "giamngheo")
edges = collections.defaultdict(set)
detail = collections.defaultdict(list)
for path in root.rglob("*.py"):
    parts = path.relative_to(root).parts
    if "tests" in parts or "migrations" in parts or len(parts) < 2:
        continue
    app = parts[0]
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [
                f"{node.module}.{a.name}" if node.module == "giamngheo.standards" else node.module
                for a in node.names
            ]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for n in names:
            if n.startswith("giamngheo."):
                other = "engine" if n.startswith("giamngheo.standards.engine") else n.split(".")[1]
                if other != app:
                    edges[app].add(other)
                    detail[(app, other)].append(str(path))
for app in sorted(edges):
    print(f"{app:10} -> {', '.join(sorted(edges[app]))}")
if len(sys.argv) > 2:
    for (a, b), files in sorted(detail.items()):
        if a == sys.argv[2]:
            print(a, "->", b, sorted(set(files)))
