"""Figures as files for a thesis: SVG and PNG with a caption file under outputs/figures/, drawn by plotly.js
in headless Chromium (the bundle's own plotly.js; no kaleido, nothing downloaded), byte-deterministic."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import plotly
import plotly.graph_objects as go

from civcomm.core.paths import exports_dir
from civcomm.output.atomic import atomic_write_bytes, atomic_write_text
from civcomm.output.browser import block_network, find_chromium, shared_worker
from civcomm.present.network_figure import MENU_PX

FIG_WIDTH = 1000  # px; a PNG is drawn at twice that (about 300 dpi across a 17 cm text block)
PNG_SCALE = 2
FIG_HEIGHT = 560  # when the figure sets none
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_PAGES: dict[int, object] = {}  # one page with plotly.js per browser, used only on the browser's thread


def static_spec(fig: go.Figure, width: int | None = None) -> tuple[dict, int, int]:
    """The figure as plotly JSON for a file: no menus (nothing to click on paper), fixed trace uids (plotly
    would draw random ones into the SVG), its own height or FIG_HEIGHT, ``width`` or FIG_WIDTH."""
    spec = json.loads(fig.to_json())
    layout = spec.setdefault("layout", {})
    if layout.pop("updatemenus", None) and "t" in layout.get("margin", {}):
        layout["margin"]["t"] = max(layout["margin"]["t"] - MENU_PX, 0)  # the menu's room above the plot
    layout.pop("sliders", None)
    for i, trace in enumerate(spec.get("data", [])):
        trace["uid"] = f"t{i}"
    height = int(layout.get("height") or FIG_HEIGHT)
    width = int(width or layout.get("width") or FIG_WIDTH)
    layout["width"], layout["height"] = width, height
    return spec, width, height


_RANDOM = re.compile(r"(defs-|topdefs-|clip|legend\d?|trace|gradient|pattern|hatch)([0-9a-f]{6})(?![0-9a-f])")


def _sorted_attributes(svg: str) -> str:
    """The SVG re-serialised with every element's attributes in name order (plotly.js sets them in a
    different order on a fresh page than on a used one)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    for el in root.iter():
        items = sorted(el.attrib.items())
        el.attrib.clear()
        el.attrib.update(items)
    return ET.tostring(root, encoding="unicode")


def normalise_svg(svg: str) -> str:
    """Attributes in name order, and the random ids plotly.js draws into an SVG (defs, clip paths, legends)
    replaced by numbered ones in order of first appearance, inside attribute values only: equal figures
    give equal bytes."""
    names: dict[str, str] = {}

    def stable(m: re.Match) -> str:
        token = names.setdefault(m.group(2), f"{len(names):06x}")
        return m.group(1) + token

    def attr(m: re.Match) -> str:
        return m.group(1) + _RANDOM.sub(stable, m.group(2)) + '"'

    return re.sub(r'(\s[\w:-]+=")([^"]*)"', attr, _sorted_attributes(svg))


def _page(browser):
    page = _PAGES.get(id(browser))
    if page is None or page.is_closed():
        page = browser.new_page()
        block_network(page)
        page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        _PAGES[id(browser)] = page
    return page


# The figure is laid out and drawn once, as SVG; the PNG is that SVG rasterised at PNG_SCALE by plotly.js's own
# svgToImg (what Plotly.toImage does for a PNG after drawing the figure a second time): a third less browser
# time per figure, the same picture.
_DRAW_JS = """async ([spec, w, h, s]) => {
  const url = await Plotly.toImage(spec, {format: 'svg', width: w, height: h, scale: 1});
  const comma = url.indexOf(',');
  const body = url.slice(comma + 1);
  const svg = url.slice(0, comma).includes(';base64')
    ? new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0))) : decodeURIComponent(body);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  root.setAttribute('width', String(w * s));
  root.setAttribute('height', String(h * s));
  root.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const png = await Plotly.Snapshot.svgToImg({svg: new XMLSerializer().serializeToString(doc), format: 'png',
    width: w, height: h, scale: s, canvas: document.createElement('canvas'), promise: true});
  return [url, png];
}"""


def _render(browser, spec: dict, width: int, height: int) -> dict[str, bytes]:
    svg_url, png_url = _page(browser).evaluate(_DRAW_JS, [spec, width, height, PNG_SCALE])
    head, data = svg_url.split(",", 1)
    text = base64.b64decode(data).decode("utf-8") if ";base64" in head else urllib.parse.unquote(data)
    return {"svg": normalise_svg(text).encode("utf-8"), "png": base64.b64decode(png_url.split(",", 1)[1])}


def figure_images(fig: go.Figure, width: int | None = None) -> dict[str, bytes] | None:
    """{"svg": bytes, "png": bytes} of ``fig``, or None when there is no Chromium."""
    worker = shared_worker()
    if worker is None:
        return None
    spec, w, h = static_spec(fig, width)
    return worker.call(_render, spec, w, h)


def caption_text(caption: str, note: str | None = None) -> str:
    return caption.strip() + "\n" + (note.strip() + "\n" if note and note.strip() else "")


def write_figure(fig: go.Figure, name: str, lang: str, caption: str, note: str | None = None,
                 out_dir: Path | None = None, draw: bool = True) -> tuple[list[Path], str]:
    """outputs/figures/<name>.<lang>.svg, .png and .txt (the caption, then the note). Returns (paths, "") or
    (paths, why no image was drawn) when there is no Chromium or ``draw`` is off; the caption file is
    written either way."""
    if not NAME_RE.match(name) or lang not in ("kk", "ru", "en"):
        raise ValueError(f"figure name '{name}' / language '{lang}' (expected [a-z0-9_.-] and kk, ru or en)")
    out_dir = out_dir or exports_dir() / "figures"
    stem = f"{name}.{lang}"
    paths = [atomic_write_text(out_dir / f"{stem}.txt", caption_text(caption, note))]
    if not draw:
        return paths, ""
    images = figure_images(fig)
    if images is None:
        return paths, find_chromium()[1]
    paths += [atomic_write_bytes(out_dir / f"{stem}.{fmt}", data) for fmt, data in images.items()]
    return paths, ""



PENDING = ".pending.json"


def write_pending(fig: go.Figure, name: str, lang: str, caption: str, note: str | None = None,
                  out_dir: Path | None = None) -> list[Path]:
    """The caption file now and the figure as <name>.<lang>.pending.json, for ``render_pending`` to draw later
    with one browser for a whole run (a runner's choice: one Chromium per notebook costs seconds each)."""
    paths, _ = write_figure(fig, name, lang, caption, note, out_dir, draw=False)
    spec, width, height = static_spec(fig)
    out_dir = out_dir or exports_dir() / "figures"
    body = json.dumps({"spec": spec, "width": width, "height": height}, ensure_ascii=False, sort_keys=True)
    return paths + [atomic_write_text(out_dir / f"{name}.{lang}{PENDING}", body + "\n")]


def render_pending(out_dir: Path | None = None, stop: Callable[[], bool] = lambda: False) -> tuple[list[Path], str]:
    """Draw every <stem>.pending.json in ``out_dir`` (default outputs/figures) to <stem>.svg and .png and remove
    it, until ``stop()`` is true (Ctrl-C: the figures left stay pending, and no browser is started for them).
    Returns (paths written, "") or ([], why nothing was drawn) when there is no Chromium."""
    out_dir = out_dir or exports_dir() / "figures"
    pending = sorted(out_dir.glob(f"*{PENDING}"))
    worker = shared_worker() if pending and not stop() else None
    if pending and worker is None and not stop():
        return [], find_chromium()[1]
    written = []
    for path in pending:
        if stop():
            break
        job = json.loads(path.read_text(encoding="utf-8"))
        stem = path.name[: -len(PENDING)]
        for fmt, data in worker.call(_render, job["spec"], job["width"], job["height"]).items():
            written.append(atomic_write_bytes(out_dir / f"{stem}.{fmt}", data))
        path.unlink()
    return written, ""
