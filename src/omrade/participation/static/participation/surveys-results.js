// Hexagon maps of map answers: darker hexagons hold more answers. The table below each map
// holds the same counts for anyone who cannot use the map.
(function () {
  "use strict";
  // Leaflet shows the attribution as HTML; ours is plain text set by a municipal admin.
  const escapeHtml = (text) => String(text || "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const colours = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"];
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-hex-map]").forEach((container) => {
      const source = document.getElementById(container.dataset.hexagons);
      if (!source) return;
      const hexagons = JSON.parse(source.textContent);
      const areasSource = container.dataset.areas ? document.getElementById(container.dataset.areas) : null;
      if (!hexagons.features.length) return;
      container.hidden = false;
      const map = L.map(container, { scrollWheelZoom: false, zoomSnap: 0.5 });
      if (container.dataset.tileUrl) {
        L.tileLayer(container.dataset.tileUrl, { attribution: escapeHtml(container.dataset.tileAttribution), maxZoom: 19 }).addTo(map);
      }
      if (areasSource) {
        L.geoJSON(JSON.parse(areasSource.textContent), { style: { color: "#1e1e1e", weight: 2, fillOpacity: 0 }, interactive: false }).addTo(map);
      }
      const largest = Math.max(...hexagons.features.map((f) => f.properties.count));
      const layer = L.geoJSON(hexagons, {
        style: (feature) => {
          const share = largest ? feature.properties.count / largest : 0;
          const index = Math.min(colours.length - 1, Math.floor(share * colours.length));
          return { color: "#333", weight: 1, fillOpacity: 0.75, fillColor: colours[index] };
        },
        onEachFeature: (feature, path) => path.bindTooltip(String(feature.properties.count)),
      }).addTo(map);
      const bounds = layer.getBounds();
      // Barnetråkk: the school as a labelled marker, included in the view.
      const schoolSource = container.dataset.school ? document.getElementById(container.dataset.school) : null;
      const school = schoolSource ? JSON.parse(schoolSource.textContent) : null;
      if (school && school.features && school.features.length) {
        const schoolLayer = L.geoJSON(school, {
          pointToLayer: (feature, latlng) => {
            const label = escapeHtml(feature.properties && feature.properties.label);
            return L.marker(latlng, {
              interactive: false,
              keyboard: false,
              icon: L.divIcon({ className: "omr-school-marker", html: '<span role="img" aria-label="' + label + '">\u{1F3EB}</span>', iconSize: [34, 34], iconAnchor: [17, 17] }),
            }).bindTooltip(label, { permanent: true, direction: "top", offset: [0, -16], className: "omr-school-label" });
          },
        }).addTo(map);
        bounds.extend(schoolLayer.getBounds());
      }
      map.fitBounds(bounds, { padding: [12, 12] });
    });
  });
})();
