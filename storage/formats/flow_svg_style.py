"""How the flow map's SVG looks, apart from the drawing (`flow_svg`): the HTML summary puts
this in its stylesheet on every page, a map drawn or not, without loading the drawing code."""

from __future__ import annotations

# The HTML summary puts this in its stylesheet; `flow_svg.draw(..., standalone=True)` inline.
SVG_CSS = """
svg.flow-map { width: 100%; height: auto; display: block; font-family: system-ui, sans-serif; }
svg.flow-map .edge { fill: none; stroke: #7d8896; stroke-width: 1.3; }
svg.flow-map .head { fill: #7d8896; }
svg.flow-map .edge-label rect { fill: #fff; fill-opacity: .88; }
svg.flow-map .edge-label text { font-size: 11px; fill: #1d2430; text-anchor: middle; }
svg.flow-map .edge-label.mark text { font-weight: 700; }
svg.flow-map .node rect { fill: #e8f0f8; stroke: #1f5f99; stroke-width: 1.2; }
svg.flow-map .node.other rect { fill: #fff; stroke-dasharray: 5 3; }
svg.flow-map .node text { font-size: 12.5px; text-anchor: middle; font-weight: 700;
  fill: #1d2430; }
svg.flow-map .key text { font-size: 11px; fill: #1d2430; }
p.flow-map-note { font-size: .9em; }
p.flow-map-part { font-weight: 600; margin: 1rem 0 .2rem; }
""".strip()
