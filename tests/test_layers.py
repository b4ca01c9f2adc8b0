"""The core never imports MkDocs: only the adapter package (tbvsite/mkdocs/) does."""

import ast
from pathlib import Path

import tbvsite

PACKAGE = Path(tbvsite.__file__).parent
PLATFORM = ("mkdocs", "material", "properdocs")


def platform_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}" for name in names
                  if name.split(".")[0] in PLATFORM]
    return found


def test_only_the_adapter_imports_mkdocs():
    adapter = PACKAGE / "mkdocs"
    core = [p for p in sorted(PACKAGE.rglob("*.py")) if not p.is_relative_to(adapter)]
    assert core and adapter.is_dir()
    leaks = [line for path in core for line in platform_imports(path)]
    assert not leaks, "the core imports MkDocs; move this into tbvsite/mkdocs/: " + "; ".join(leaks)


def test_the_adapter_modules_say_what_they_own():
    for path in sorted((PACKAGE / "mkdocs").glob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.splitlines()[0].strip(), f"{path.name}: its first docstring line says what it owns"
