// The thematic map: areas coloured by quantile class, each area reachable by keyboard.
// The table beside it holds the same figures for anyone who cannot use the map.
document.addEventListener("DOMContentLoaded", () => {
  // Leaflet shows the attribution as HTML; ours is plain text set by a municipal admin.
  const escapeHtml = (text) => String(text || "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const element = document.getElementById("area-map");
  const data = document.getElementById("area-features");
  if (!element || !data || typeof L === "undefined") return;
  const features = JSON.parse(data.textContent);
  if (!features || !features.features.length) {
    element.hidden = true;
    return;
  }
  const colours = ["#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f", "#990000"];
  const map = L.map(element, { scrollWheelZoom: false, keyboard: true, zoomSnap: 0.25 });
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, {
      attribution: escapeHtml(element.dataset.tileAttribution),
      maxZoom: 18,
    }).addTo(map);
  }
  const profileUrl = (id) => element.dataset.profileUrl.replace(/\/0\/$/, `/${id}/`);
  const describe = (properties) => {
    let value = properties.value === null ? "–" : properties.value.toLocaleString(document.documentElement.lang, { maximumFractionDigits: 2 });
    if (properties.status === "suppressed") value = ":";
    const rank = properties.rank ? `, ${properties.rank}.` : "";
    return `${properties.name} (${properties.code}): ${value}${rank}`;
  };
  const layer = L.geoJSON(features, {
    style: (feature) => ({
      color: feature.properties.initiative ? "#000000" : "#444444",
      weight: feature.properties.initiative ? 3 : 1,
      fillOpacity: 0.8,
      fillColor: feature.properties.class === null ? "#d9d9d9" : colours[feature.properties.class],
    }),
    onEachFeature: (feature, path) => {
      path.bindTooltip(describe(feature.properties), { sticky: true });
      path.on("click", () => { window.location.href = profileUrl(feature.properties.id); });
      path.on("add", () => {
        const svgPath = path.getElement();
        if (!svgPath) return;
        svgPath.setAttribute("tabindex", "0");
        svgPath.setAttribute("role", "link");
        svgPath.setAttribute("aria-label", describe(feature.properties));
        svgPath.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            window.location.href = profileUrl(feature.properties.id);
          }
        });
        svgPath.addEventListener("focus", () => { path.setStyle({ weight: 4, color: "#1e1e1e" }); path.openTooltip(); });
        svgPath.addEventListener("blur", () => { layer.resetStyle(path); path.closeTooltip(); });
      });
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
});
