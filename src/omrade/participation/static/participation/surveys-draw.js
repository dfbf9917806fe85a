// Drawing a map answer: a point, a line or an area, by pointer or keyboard.
// Pointer: click or tap the map to add a point (a vertex of the line or area).
// Keyboard (the map has focus): arrow keys move the map under the crosshair in the middle,
// + and - zoom, Enter adds a point at the crosshair, Backspace removes the last point,
// Escape clears the drawing. The drawing is written as GeoJSON into a hidden form field;
// the list of places and the text field beside the map work without any of this.
(function () {
  "use strict";
  // Leaflet shows the attribution as HTML; ours is plain text set by a municipal admin.
  const escapeHtml = (text) => String(text || "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  function readJson(id) {
    const element = id ? document.getElementById(id) : null;
    if (!element) return null;
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function setup(container) {
    if (typeof L === "undefined") return;
    const input = document.getElementById(container.dataset.input);
    const status = document.getElementById(container.dataset.status);
    const messages = {
      count: container.dataset.msgCount,
      line_more: container.dataset.msgLineMore,
      polygon_more: container.dataset.msgPolygonMore,
      too_many: container.dataset.msgTooMany,
    };
    let kind = container.dataset.geometryKind || "point";
    const maxVertices = parseInt(container.dataset.maxVertices || "200", 10);
    container.hidden = false;
    const tools = document.getElementById(container.dataset.tools);
    if (tools) tools.hidden = false;
    const help = document.getElementById(container.dataset.help);
    if (help) help.hidden = false;

    const map = L.map(container, { keyboard: false, scrollWheelZoom: false, zoomSnap: 0.5 });
    if (container.dataset.tileUrl) {
      L.tileLayer(container.dataset.tileUrl, { attribution: escapeHtml(container.dataset.tileAttribution), maxZoom: 19 }).addTo(map);
    }
    const areas = readJson(container.dataset.areas);
    let bounds = null;
    if (areas && areas.features && areas.features.length) {
      const outline = L.geoJSON(areas, { style: { color: "#1e1e1e", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
      bounds = outline.getBounds();
    }
    // What this child saved before (Barnetråkk): dashed and not clickable, so it stays
    // visible after each "Lagre" without getting in the way of the next drawing.
    const own = readJson(container.dataset.own);
    if (own && own.features && own.features.length) {
      L.geoJSON(own, {
        interactive: false,
        style: { color: "#5b2a86", weight: 4, dashArray: "8 6", fillOpacity: 0.1 },
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 7, color: "#5b2a86", weight: 3, dashArray: "3 3", fillColor: "#ffffff", fillOpacity: 0.9, interactive: false }),
      }).addTo(map);
    }
    // The school (Barnetråkk), a labelled marker the map always zooms to include. The page
    // says the same in words next to the map (the text alternative).
    const school = readJson(container.dataset.school);
    let centred = false;
    if (school && school.features && school.features.length) {
      const schoolLayer = L.geoJSON(school, {
        pointToLayer: (feature, latlng) => {
          const label = escapeHtml(feature.properties && feature.properties.label);
          return L.marker(latlng, {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({
              className: "omr-school-marker",
              html: '<span role="img" aria-label="' + label + '">\u{1F3EB}</span>',
              iconSize: [34, 34],
              iconAnchor: [17, 17],
            }),
          }).bindTooltip(label, { permanent: true, direction: "top", offset: [0, -16], className: "omr-school-label" });
        },
      }).addTo(map);
      const schoolBounds = schoolLayer.getBounds();
      if (bounds && bounds.isValid()) bounds.extend(schoolBounds);
      else if (schoolBounds.isValid()) { map.setView(schoolBounds.getCenter(), 15); centred = true; }
    }
    if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24] });
    else if (!centred) map.setView([Number(container.dataset.lat || 59.91), Number(container.dataset.lon || 10.75)], 12);

    const crosshair = document.createElement("div");
    crosshair.className = "omr-crosshair";
    crosshair.setAttribute("aria-hidden", "true");
    crosshair.innerHTML = '<svg viewBox="0 0 28 28" width="28" height="28"><path d="M14 0v11M14 17v11M0 14h11M17 14h11" stroke="#000" stroke-width="3"/><path d="M14 0v11M14 17v11M0 14h11M17 14h11" stroke="#fff" stroke-width="1"/></svg>';
    container.appendChild(crosshair);

    let vertices = [];
    const layer = L.layerGroup().addTo(map);

    const existing = input && input.value ? (function () { try { return JSON.parse(input.value); } catch (e) { return null; } })() : null;
    if (existing && existing.coordinates) {
      if (existing.type === "Point") vertices = [[existing.coordinates[1], existing.coordinates[0]]];
      else if (existing.type === "LineString") vertices = existing.coordinates.map((c) => [c[1], c[0]]);
      else if (existing.type === "Polygon") vertices = existing.coordinates[0].slice(0, -1).map((c) => [c[1], c[0]]);
    }

    function say(text) { if (status) status.textContent = text; }

    function geometry() {
      const coordinates = vertices.map((v) => [Math.round(v[1] * 1e6) / 1e6, Math.round(v[0] * 1e6) / 1e6]);
      if (kind === "point" && coordinates.length) return { type: "Point", coordinates: coordinates[0] };
      if (kind === "line" && coordinates.length >= 2) return { type: "LineString", coordinates: coordinates };
      if (kind === "polygon" && coordinates.length >= 3) return { type: "Polygon", coordinates: [coordinates.concat([coordinates[0]])] };
      return null;
    }

    function redraw() {
      layer.clearLayers();
      vertices.forEach((v) => L.circleMarker(v, { radius: 6, color: "#000", weight: 2, fillColor: "#ffd400", fillOpacity: 1 }).addTo(layer));
      if (kind === "line" && vertices.length >= 2) L.polyline(vertices, { color: "#0b3d91", weight: 4 }).addTo(layer);
      if (kind === "polygon" && vertices.length >= 2) L.polygon(vertices, { color: "#0b3d91", weight: 3, fillOpacity: 0.25 }).addTo(layer);
      const drawn = geometry();
      if (input) input.value = drawn ? JSON.stringify(drawn) : "";
      const count = vertices.length;
      let text = (messages.count || "{n}").replace("{n}", count);
      if (kind === "line" && count === 1) text += " " + (messages.line_more || "");
      if (kind === "polygon" && count > 0 && count < 3) text += " " + (messages.polygon_more || "");
      say(text);
    }

    function add(latlng) {
      if (kind === "point") vertices = [[latlng.lat, latlng.lng]];
      else if (vertices.length >= maxVertices) { say(messages.too_many || ""); return; }
      else vertices.push([latlng.lat, latlng.lng]);
      redraw();
    }
    function undo() { vertices.pop(); redraw(); }
    function clear() { vertices = []; redraw(); }

    map.on("click", (event) => add(event.latlng));
    container.setAttribute("tabindex", "0");
    container.addEventListener("keydown", (event) => {
      const step = 60;
      const moves = { ArrowUp: [0, -step], ArrowDown: [0, step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] };
      if (moves[event.key]) { event.preventDefault(); map.panBy(moves[event.key], { animate: false }); return; }
      if (event.key === "+" || event.key === "=") { event.preventDefault(); map.zoomIn(); return; }
      if (event.key === "-") { event.preventDefault(); map.zoomOut(); return; }
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); add(map.getCenter()); return; }
      if (event.key === "Backspace" || event.key === "Delete") { event.preventDefault(); undo(); return; }
      if (event.key === "Escape") { event.preventDefault(); clear(); }
    });
    if (tools) {
      tools.querySelectorAll("[data-draw-action]").forEach((button) => {
        button.addEventListener("click", () => {
          const action = button.dataset.drawAction;
          if (action === "undo") undo();
          if (action === "clear") clear();
          if (action === "center") add(map.getCenter());
        });
      });
    }
    // The children's page switches between a line (way to school) and a point (a place).
    const switcher = container.dataset.kindSwitch ? document.querySelectorAll(`input[name="${container.dataset.kindSwitch}"]`) : [];
    switcher.forEach((radio) => radio.addEventListener("change", () => {
      if (!radio.checked) return;
      kind = radio.value === "Barneveg" ? "line" : "point";
      clear();
    }));
    switcher.forEach((radio) => { if (radio.checked) kind = radio.value === "Barneveg" ? "line" : "point"; });
    redraw();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-draw-map]").forEach(setup);
  });
})();
