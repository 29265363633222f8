"""The HTML summary's flow map can be read: no label overlaps another label or a system's box,
and no name is cut.

The rectangles come from `flow_svg.layout`, the same layout `draw` writes as SVG (a test checks
the SVG carries exactly those rectangles), measured with the widths the layout estimates for
DejaVu Sans, a wide face, so narrower browser fonts only leave more room. Names are read back
from the SVG the HTML export wrote, so a cut name would show there.
"""

from __future__ import annotations

import random
import re
from html import unescape
from pathlib import Path

import pytest
from export_files import priority_demo
from workshop_templates import open_new

from storage.formats import flow_svg
from storage.formats.export import export
from storage.formats.flow_svg import MAP_ARROWS, MAP_SYSTEMS, Edge, FlowMap, layout
from storage.formats.summary import Diagram, build_summary, collect
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.systems import create_system, update_workshop
from storage.workshop_file import open_workshop

# A professional-services firm: CRM to PSA to accounting, people from HR, tickets from the
# service desk, everything into BI. Long names and pairs of systems carrying several objects
# ("Approved timesheets, Expense claims" was cut in the first summaries).
PS_SYSTEMS = [
    "Salesforce Sales Cloud",
    "Mission Control PSA",
    "Xero",
    "BambooHR",
    "HubSpot",
    "Jira Service Management",
    "Power BI",
    "Microsoft Entra ID",
]
PS_FLOWS = [
    ("HubSpot", "Salesforce Sales Cloud", "Marketing qualified leads", "one-way"),
    ("Salesforce Sales Cloud", "Mission Control PSA", "Won opportunities", "one-way"),
    ("Salesforce Sales Cloud", "Mission Control PSA", "Client accounts", "one-way"),
    ("Mission Control PSA", "Xero", "Invoices", "one-way"),
    ("Mission Control PSA", "Xero", "Approved timesheets", "one-way"),
    ("Mission Control PSA", "Xero", "Expense claims", "one-way"),
    ("Xero", "Mission Control PSA", "Payment status", "one-way"),
    ("BambooHR", "Mission Control PSA", "Employees", "one-way"),
    ("BambooHR", "Xero", "Employees", "one-way"),
    ("BambooHR", "Microsoft Entra ID", "Employees", "one-way"),
    ("Jira Service Management", "Mission Control PSA", "Tickets", "one-way"),
    ("Salesforce Sales Cloud", "Jira Service Management", "Client accounts", "two-way"),
    ("Mission Control PSA", "Power BI", "Approved timesheets", "one-way"),
    ("Mission Control PSA", "Power BI", "Project budgets and burn-down", "one-way"),
    ("Xero", "Power BI", "Invoices", "one-way"),
    ("Salesforce Sales Cloud", "Power BI", "Won opportunities", "one-way"),
    ("Jira Service Management", "Power BI", "Tickets", "one-way"),
    ("Mission Control PSA", "Salesforce Sales Cloud", "Project status", "one-way"),
    ("Microsoft Entra ID", "Jira Service Management", "Employees", "one-way"),
]


def write_services(path: Path) -> Path:
    with open_new(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Delivery systems review", "client": "Brightpath"})
        for name in PS_SYSTEMS:
            create_system(session, data={"name": name})
        for obj in dict.fromkeys(flow[2] for flow in PS_FLOWS):
            create_data_object(session, data={"name": obj})
        for source, target, obj, direction in PS_FLOWS:
            create_flow(
                session,
                source=source,
                target=target,
                data_object=obj,
                data={"direction": direction, "frequency": "daily"},
            )
    return path


@pytest.fixture(scope="module")
def workshops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("maps")
    return {
        "demo": priority_demo(folder),
        "services": write_services(folder / "services.seamwork"),
    }


def diagram_of(path: Path) -> Diagram:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        summary = build_summary(collect(session))
    return next(
        block
        for section in summary.sections
        for block in section.blocks
        if isinstance(block, Diagram)
    )


def assert_readable(plan: FlowMap, edges: list[Edge]) -> None:
    """No two rectangles overlap; each name sits whole inside its box; every arrow is drawn
    once, with its whole label or a number spelt out whole in the key."""
    drawn: list[tuple[str, str, str]] = []
    for drawing in plan.maps:
        rectangles = drawing.rectangles()
        for index, (name, rect) in enumerate(rectangles):
            for other, other_rect in rectangles[index + 1 :]:
                assert not rect.overlaps(other_rect), f"{name} overlaps {other}"
        for node in drawing.nodes:
            text, box = node.text.box, node.box
            assert box.x <= text.x and text.x + text.w <= box.x + box.w, node.name
            assert box.y <= text.y and text.y + text.h <= box.y + box.h, node.name
            assert " ".join(node.text.lines) == " ".join(node.name.split())
        key = [" ".join(text.lines) for text in drawing.key]
        for arrow in drawing.arrows:
            drawn.append((arrow.source, arrow.target, arrow.label))
            if arrow.mark:
                said = f"{arrow.mark}: {arrow.source} → {arrow.target}: {arrow.label}"
                assert said in key
            else:
                assert arrow.text is not None
                assert " ".join(arrow.text.lines) == arrow.label
        assert len(drawing.nodes) <= MAP_SYSTEMS and len(drawing.arrows) <= MAP_ARROWS
    expected = [(s, t, " ".join(label.split())) for s, t, label, _ in edges]
    assert sorted(drawn) == sorted(expected)


def svg_texts(svg: str) -> list[str]:
    """Each <text> of the SVG, its lines joined by a space, as a reader would see it."""
    out = []
    for body in re.findall(r"<text[^>]*>(.*?)</text>", svg):
        spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", body) or [body]
        out.append(unescape(" ".join(spans)))
    return out


@pytest.mark.parametrize("which", ["demo", "services"])
def test_the_flow_map_has_no_overlap_and_no_cut_name(
    which: str, workshops: dict[str, Path], tmp_path: Path
) -> None:
    diagram = diagram_of(workshops[which])
    plan = layout(diagram.systems, diagram.edges)
    assert plan is not None and len(plan.maps) == 1  # both are small enough to draw whole
    assert_readable(plan, list(diagram.edges))
    assert not plan.maps[0].key  # every label found room on its arrow

    with open_workshop(workshops[which], read_only=True) as workshop, workshop.session() as s:
        export(s, "html", tmp_path / "s.html")
    page = (tmp_path / "s.html").read_text(encoding="utf-8")
    svg = page.split('<svg class="flow-map"', 1)[1].split("</svg>", 1)[0]
    assert "…" not in svg
    texts = svg_texts(svg)
    systems = {name for edge in diagram.edges for name in edge[:2]}
    for name in systems:
        assert name in texts, name  # a box's text is the whole name
    objects = {obj for edge in diagram.edges for obj in edge[2].split(", ")}
    for obj in objects:
        assert any(obj in text for text in texts), obj
    # the SVG draws the rectangles the layout computed, not some others
    for node in plan.maps[0].nodes:
        box = node.box
        assert f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}"' in svg
    for arrow in plan.maps[0].arrows:
        assert arrow.text is not None
        box = arrow.text.box
        assert f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}"' in svg


def test_the_services_map_wraps_the_long_label_instead_of_cutting_it(
    workshops: dict[str, Path],
) -> None:
    plan = layout(*_graph(diagram_of(workshops["services"])))
    assert plan is not None
    (arrow,) = [
        a for a in plan.maps[0].arrows if (a.source, a.target) == ("Mission Control PSA", "Xero")
    ]
    assert arrow.label == "Approved timesheets, Expense claims, Invoices"
    assert arrow.text is not None and len(arrow.text.lines) > 1


def _graph(diagram: Diagram) -> tuple[tuple[str, ...], tuple[Edge, ...]]:
    return diagram.systems, diagram.edges


WORDS = (
    "Orders Invoices Customers Products Stock Prices Payments Shipments Returns Employees "
    "Timesheets Expense claims Tickets Leads Opportunities Contracts Budgets Journals Suppliers "
    "Purchase orders Goods receipts Credit notes Subscriptions Usage Approved Won Open Draft"
).split()
VENDORS = (
    "Salesforce HubSpot Xero NetSuite SAP Sage Shopify Magento Akeneo BambooHR Workday Jira "
    "Zendesk ServiceNow Power BI Tableau Snowflake Stripe Adyen ShipStation Mintsoft Dynamics "
    "Odoo Pipedrive Intercom Okta Entra Coupa Concur Expensify Harvest Mavenlink"
).split()


def random_workshop(seed: int, systems: int, flows: int) -> tuple[list[str], list[Edge]]:
    """Systems with one- to four-word names (some long), and flows between them grouped by
    direction as the summary groups them, with a hub now and then."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < systems:
        name = " ".join(rng.choice(VENDORS) for _ in range(rng.choice((1, 1, 2, 3, 4))))
        if name not in names:
            names.append(name)
    hub = rng.choice(names) if rng.random() < 0.6 else None
    grouped: dict[tuple[str, str, bool], list[str]] = {}
    for _ in range(flows):
        source = hub if hub and rng.random() < 0.4 else rng.choice(names)
        target = rng.choice([name for name in names if name != source])
        obj = " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 2, 2, 3))))
        objects = grouped.setdefault((source, target, rng.random() < 0.15), [])
        if obj not in objects:
            objects.append(obj)
    edges = [(s, t, ", ".join(objs), two) for (s, t, two), objs in grouped.items()]
    return names, edges


@pytest.mark.parametrize(
    ("seed", "systems", "flows"),
    [(1, 3, 4), (2, 6, 12), (3, 9, 20), (4, 12, 28), (5, 12, 40), (6, 16, 30), (7, 30, 70),
     (8, 10, 24), (9, 14, 26), (10, 45, 120)],
)  # fmt: skip
def test_random_workshops_are_drawn_readably(seed: int, systems: int, flows: int) -> None:
    names, edges = random_workshop(seed, systems, flows)
    plan = layout(names, edges)
    assert plan is not None
    assert_readable(plan, edges)
    used = {name for edge in edges for name in edge[:2]}
    whole = len(used) <= MAP_SYSTEMS and len(edges) <= MAP_ARROWS
    assert (len(plan.maps) == 1) == whole
    assert bool(plan.note) == (not whole)  # a map drawn in parts says so
    if not whole:
        own_maps = [drawing for drawing in plan.maps for node in drawing.nodes if not node.other]
        assert own_maps  # every part has systems of its own


def test_a_crowded_map_falls_back_to_numbers_and_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """When even the widest ring leaves a label no room, it becomes a number on its arrow and
    the key under the map says it whole: nothing overlaps and nothing is lost."""
    monkeypatch.setattr(flow_svg, "ATTEMPTS", 1)
    names = ["A", "B", "C", "D"]
    long = ", ".join(f"Data object number {index}" for index in range(12))
    edges: list[Edge] = [(a, b, long, False) for a in names for b in names if a != b]
    plan = layout(names, edges)
    assert plan is not None
    assert_readable(plan, edges)
    assert plan.maps[0].key
    svg = flow_svg.draw(names, edges)
    assert svg is not None and "Data object number 11" in " ".join(svg_texts(svg))


def test_a_large_workshop_is_drawn_per_group_with_a_note() -> None:
    names, edges = random_workshop(11, 40, 110)
    svg = flow_svg.draw(names, edges, "Flow map")
    plan = layout(names, edges)
    assert svg is not None and plan is not None and len(plan.maps) > 1
    assert svg.startswith('<p class="flow-map-note">The flow map has 40 systems')
    assert svg.count('<svg class="flow-map"') == len(plan.maps)
    assert svg.count('<p class="flow-map-part">Map ') == len(plan.maps)
    markers = re.findall(r'<marker id="([^"]+)"', svg)
    assert len(markers) == len(set(markers))  # ids unique within the page
    standalone = flow_svg.draw(names, edges, standalone=True)
    assert standalone is not None and standalone.count('<svg class="flow-map"') == 1


def test_text_is_measured_generously_and_wrapped_between_words() -> None:
    from storage.formats.flow_svg import text_width, wrap

    assert text_width("Won opportunities", 11) > 11 * 0.55 * len("Won opportunities")
    assert text_width("WWW", 12, bold=True) > text_width("iii", 12, bold=True) * 3
    assert text_width("東京", 12) >= 24 and text_width("é", 12) == text_width("e", 12)
    assert wrap("Approved timesheets, Expense claims", 150, 11) == (
        "Approved timesheets,",
        "Expense claims",
    )
    assert wrap("Supercalifragilistic", 20, 11) == ("Supercalifragilistic",)  # never split
