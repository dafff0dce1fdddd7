// Draws an area's boundary with Leaflet, only when someone asks for the map: Leaflet and the
// map tiles are the heaviest things a page could load, and the postcode list already says
// in words what the map shows.
(function () {
  "use strict";

  function load(element, done) {
    if (typeof L !== "undefined") { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = element.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = element.getAttribute("data-leaflet-js");
    script.onload = done;
    document.head.appendChild(script);
  }

  function draw(element) {
    var boundary = JSON.parse(document.getElementById("area-boundary").textContent);
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);
    }
    var layer = L.geoJSON(boundary, { style: { color: "#b04a1e", weight: 3, fillOpacity: 0.15 } }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16] });
  }

  function setUp() {
    var element = document.getElementById("area-map");
    var button = document.getElementById("show-map");
    if (!element || !button || !document.getElementById("area-boundary")) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.hidden = true;
      load(element, function () { draw(element); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
