"""The citation graph drawn or handed to other tools: a node's neighbourhood, GraphML (Gephi,
yEd, networkx), DOT (Graphviz) and a self-contained SVG drawn without Graphviz."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Iterable

from pipeline.graph.queries import NODE_FROM, Row, _edges, _iter_rows, node_columns, nodes_by_id

if TYPE_CHECKING:
    from os import PathLike

def neighbourhood(conn: sqlite3.Connection, center: int, radius: int = 1,
                  max_nodes: int = 400) -> tuple[dict[int, int], list[tuple[int, int]], int]:
    """Nodes within `radius` steps of center either way, each with a layer (a cited document one
    layer right of the one citing it; center 0), the distinct edges among them, and how many
    nodes were left out to keep at most max_nodes (a national hub has thousands of citers)."""
    layer = {center: 0}
    left_out: set[int] = set()
    frontier = [center]
    for _ in range(radius):
        nxt: list[int] = []
        for forward in (True, False):
            for a, b in _edges(conn, frontier, forward):
                if b in layer or b in left_out:
                    continue
                if len(layer) >= max_nodes:
                    left_out.add(b)
                    continue
                layer[b] = layer[a] + (1 if forward else -1)
                nxt.append(b)
        frontier = nxt
    edges = {(a, b) for a, b in _edges(conn, list(layer), forward=True) if b in layer}
    return layer, sorted(edges), len(left_out)


def _clean(s: Any) -> str:
    """Text safe in XML 1.0 (no control characters), escaped for elements and attributes."""
    from xml.sax.saxutils import escape

    text = "".join(c for c in str(s) if c >= " " or c in "\t\n\r")
    return escape(text, {'"': "&quot;"})


def _label(row: Row) -> str:
    title = row.get("title") or ""
    return row.get("number") or (title[:40] + "…" if len(title) > 40 else title) or f"node {row['node_id']}"


def _wrap_keeping_end(text: str, width: int, lines: int) -> list[str]:
    """Text in at most `lines` lines of `width` characters, cut in the middle when too long:
    an issuer's end names its province ("Liên đoàn Lao động … tỉnh Kon Tum"), and a hub's
    citers differ only there."""
    import textwrap

    from pipeline import vocab

    for province in sorted(vocab.places().provinces, key=len, reverse=True):  # one piece: "tỉnh Kon Tum"
        if text.endswith(" " + province):
            head, _, organ = text[: -len(province) - 1].rpartition(" ")
            glued = (organ + " " if organ[:1].islower() else "") + province
            text = ((head if organ[:1].islower() else f"{head} {organ}") + " " + glued.replace(" ", "\u00a0")).strip()
            break
    wrapped = [w.replace("\u00a0", " ") for w in textwrap.wrap(text, width)] or [""]
    if len(wrapped) <= lines:
        return wrapped
    words = text.split(" ")
    tail: list[str] = []
    while words and len(" ".join([words[-1], *tail])) <= width:  # the end, whole words
        tail.insert(0, words.pop())
    head = textwrap.wrap(" ".join(words), width - 2)[: lines - 1]
    lines_out = [*head[:-1], head[-1] + " …", " ".join(tail)] if head else [" ".join(tail)]
    return [w.replace("\u00a0", " ") for w in lines_out]


def export_graphml(conn: sqlite3.Connection, out: str | PathLike[str]) -> None:
    """The whole graph as GraphML (Gephi, yEd, networkx), streamed: one edge per cited pair,
    with the number of citation rows as weight and basis when any is in "Căn cứ"."""
    keys = [("number", "string"), ("doc_type", "string"), ("year", "int"), ("issuer", "string"),
            ("in_archive", "boolean"), ("file", "string"), ("title", "string")]
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for k, t in keys:
            f.write(f'  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>\n')
        f.write('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
                '  <key id="basis" for="edge" attr.name="basis" attr.type="boolean"/>\n'
                '  <graph id="citations" edgedefault="directed">\n')
        cur = conn.execute(f"SELECT {node_columns(conn)} FROM {NODE_FROM} ORDER BY n.id")
        cols = [c[0] for c in cur.description]
        for r in cur:
            row = dict(zip(cols, r))
            data = "".join(
                f'<data key="{k}">{str(bool(v)).lower() if k == "in_archive" else _clean(v)}</data>'
                for k, _ in keys if (v := row[k]) is not None)
            f.write(f'    <node id="n{row["node_id"]}">{data}</node>\n')
        cur = conn.execute("SELECT citing_node_id, cited_node_id, COUNT(*), MAX(basis) FROM citations "
                           "WHERE citing_node_id IS NOT NULL AND cited_node_id IS NOT NULL "
                           "GROUP BY citing_node_id, cited_node_id")
        for i, (a, b, n, basis) in enumerate(cur):
            f.write(f'    <edge id="e{i}" source="n{a}" target="n{b}"><data key="weight">{n}</data>'
                    f'<data key="basis">{str(bool(basis)).lower()}</data></edge>\n')
        f.write("  </graph>\n</graphml>\n")


def _dot_string(*lines: str) -> str:
    """A quoted DOT string of the non-empty lines."""
    return '"' + "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for x in lines if x) + '"'


def export_dot(conn: sqlite3.Connection, out: str | PathLike[str], center: int | None = None, radius: int = 1) -> None:
    """DOT (Graphviz) of the whole graph (streamed), or of center's neighbourhood within radius
    steps: archived documents filled, missing dashed, arrows from citing to cited."""
    nodes: Iterable[Row]
    edges: Iterable[tuple[int, int]]
    if center is None:
        nodes = _iter_rows(conn.execute(f"SELECT {node_columns(conn)} FROM {NODE_FROM} ORDER BY n.id"))
        edges = conn.execute("SELECT DISTINCT citing_node_id, cited_node_id FROM citations "
                             "WHERE citing_node_id IS NOT NULL AND cited_node_id IS NOT NULL")
    else:
        layer, edges, _ = neighbourhood(conn, center, radius, max_nodes=2000)
        by_id = nodes_by_id(conn, layer)
        nodes = [by_id[i] for i in sorted(by_id)]
    with open(out, "w", encoding="utf-8") as f:
        f.write('digraph citations {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname="DejaVu Sans"];\n')
        for row in nodes:
            label = _dot_string(_label(row), str(row["year"] or ""))
            style = ' style="rounded,filled" fillcolor="#dff0d8"' if row["in_archive"] else ' style="rounded,dashed"'
            bold = " penwidth=2.5" if row["node_id"] == center else ""
            f.write(f"  n{row['node_id']} [label={label}{style}{bold}];\n")
        for a, b in edges:
            f.write(f"  n{a} -> n{b};\n")
        f.write("}\n")


def export_svg(conn: sqlite3.Connection, out: str | PathLike[str], center: int, radius: int = 1,
               per_column: int = 16) -> None:
    """A self-contained SVG of center's neighbourhood, drawn without Graphviz: layered, each
    document left of what it cites, at most per_column boxes a layer (the nearest first, then a
    "+ N more" box); archived green and solid, missing white and dashed, cycles in red."""
    layer, edges, left_out = neighbourhood(conn, center, radius, max_nodes=50 * per_column)
    columns: dict[int, list[int]] = {}
    hidden: dict[int, int] = {}
    for i, lv in layer.items():  # breadth-first order: the nearest documents are kept
        if len(columns.setdefault(lv, [])) < per_column:
            columns[lv].append(i)
        else:
            hidden[lv] = hidden.get(lv, 0) + 1
    nodes = nodes_by_id(conn, [i for col in columns.values() for i in col])
    for col in columns.values():
        col.sort(key=lambda i: (i != center, nodes[i]["year"] or 0, nodes[i]["number"] or "", i))
    order = sorted(columns)
    box_w, box_h, gap_x, gap_y, pad, head = 190.0, 62.0, 110.0, 12.0, 30.0, 34.0
    rows_max = max(len(col) + (lv in hidden) for lv, col in columns.items())
    width = max(pad * 2 + len(order) * box_w + (len(order) - 1) * gap_x, 640)  # at least the legend
    legend = ["Arrows go from the citing document to the cited one; red: a cycle (documents citing each other).",
              "Green, solid: in the archive. White, dashed: cited only (missing). Thick border: the centre."]
    if left_out or hidden:
        legend.append(f"{left_out + sum(hidden.values())} more documents within {radius} step(s) are not drawn.")
    height = pad * 2 + head + rows_max * (box_h + gap_y) + 40 + 16 * len(legend)
    pos: dict[int, tuple[float, float]] = {}
    more: list[tuple[float, float, int]] = []
    for k, lv in enumerate(order):
        col = columns[lv]
        n = len(col) + (lv in hidden)
        y0 = pad + head + (rows_max - n) * (box_h + gap_y) / 2
        x = pad + k * (box_w + gap_x)
        for j, i in enumerate(col):
            pos[i] = (x, y0 + j * (box_h + gap_y))
        if lv in hidden:
            more.append((x, y0 + len(col) * (box_h + gap_y), hidden[lv]))
    title = f"Citations around {_label(nodes[center])} (radius {radius})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f"<title>{_clean(title)}</title>",
        "<defs>" + "".join(
            f'<marker id="arrow{k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>' for k, c in (("", "#666"), ("-red", "#c0392b")))
        + "</defs>",
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="white"/>',
        f'<text x="{pad:.0f}" y="{pad + 4:.0f}" font-size="15" font-weight="bold">{_clean(title)}</text>',
    ]
    pairs = set(edges)
    for a, b in edges:
        if a not in pos or b not in pos:
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        red = a == b or (b, a) in pairs
        colour, marker = ("#c0392b", "arrow-red") if red else ("#666", "arrow")
        if a == b:  # a loop on the left side of the box
            y1, y2 = ay + 10, ay + box_h - 10
            d = f"M{ax:.1f},{y1:.1f} C{ax - 30:.1f},{y1 - 8:.1f} {ax - 30:.1f},{y2 + 8:.1f} {ax:.1f},{y2:.1f}"
        elif bx > ax:  # the usual case: right side of the citing box to the left side of the cited one
            x1, y1, x2, y2 = ax + box_w, ay + box_h / 2, bx, by + box_h / 2
            bend = (x2 - x1) / 2
            d = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        elif bx == ax:  # within a column: an arc on the left
            x1, y1, y2 = ax, ay + box_h / 2 + (4 if by > ay else -4), by + box_h / 2
            bulge = 24 + abs(y2 - y1) / 6
            d = f"M{x1:.1f},{y1:.1f} C{x1 - bulge:.1f},{y1:.1f} {x1 - bulge:.1f},{y2:.1f} {x1:.1f},{y2:.1f}"
        else:  # leftwards (what a cycle or the layering makes): under the boxes
            x1, y1, x2, y2 = ax + box_w / 2, ay + box_h, bx + box_w / 2, by + box_h
            drop = min(20 + abs(x2 - x1) / 8, 40)  # room is kept below the boxes
            d = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + drop:.1f} {x2:.1f},{y2 + drop:.1f} {x2:.1f},{y2:.1f}"
        parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.2" marker-end="url(#{marker})"/>')
    for i, (x, y) in pos.items():
        row = nodes[i]
        fill, dash = ("#dff0d8", "") if row["in_archive"] else ("#ffffff", ' stroke-dasharray="5 3"')
        width_attr = ' stroke-width="3"' if i == center else ""
        label = _label(row)
        label = label if len(label) <= 24 else label[:23] + "…"
        tip = " · ".join(str(v) for v in (row["number"], row["doc_type"], row["year"], row["issuer"], row["title"],
                                          row["file"]) if v)
        lines = [" · ".join(str(v) for v in (row["year"], row["doc_type"]) if v)]
        lines += _wrap_keeping_end(row["issuer"] or ("" if row["in_archive"] else "not archived"), 30, 2)
        text = "".join(f'<text x="{x + box_w / 2:.1f}" y="{y + 30 + 12 * k:.1f}" text-anchor="middle" font-size="10" '
                       f'fill="#555">{_clean(line)}</text>' for k, line in enumerate(lines) if line)
        parts.append(f'<g><title>{_clean(tip or label)}</title>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{box_w:.0f}" height="{box_h:.0f}" rx="6" fill="{fill}" '
                     f'stroke="#333"{dash}{width_attr}/>'
                     f'<text x="{x + box_w / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" font-weight="bold">'
                     f'{_clean(label)}</text>{text}</g>')
    for x, y, n in more:
        parts.append(f'<text x="{x + box_w / 2:.1f}" y="{y + box_h / 2 + 4:.1f}" text-anchor="middle" fill="#555">'
                     f"+ {n} more</text>")
    for k, line in enumerate(legend):
        parts.append(f'<text x="{pad:.0f}" y="{height - pad - 16 * (len(legend) - 1 - k) + 10:.0f}" font-size="11" '
                     f'fill="#555">{_clean(line)}</text>')
    parts.append("</svg>\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
