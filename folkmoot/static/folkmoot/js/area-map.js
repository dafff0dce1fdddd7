// Draws an area's boundary with Leaflet. The page says everything in words without it.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("area-map");
    var data = document.getElementById("area-boundary");
    if (!element || !data || typeof L === "undefined") { return; }
    var boundary = JSON.parse(data.textContent);
    var map = L.map(element, { scrollWheelZoom: false });
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var layer = L.geoJSON(boundary, { style: { color: "#b04a1e", weight: 3, fillOpacity: 0.15 } }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
