"""No import circles anywhere in tui (the layer contract in pyproject.toml, checked by
``uv run lint-imports``, rules out circles between packages; this rules them out inside one)."""

from __future__ import annotations

import grimp


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("tui")
    circles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert circles == []
