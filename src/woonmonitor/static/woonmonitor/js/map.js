/* Progressive enhancement of the server-rendered SVG maps.
 * Without JavaScript, or when Leaflet cannot load, the SVG map stays: every
 * area is a link. With Leaflet, the same GeoJSON is drawn over map tiles when
 * a tile URL is configured; when tiles fail to load, the areas still show. */
(function () {
  "use strict";
  function enhance(figure) {
    if (typeof window.L === "undefined") return;
    var dataElement = document.getElementById(figure.dataset.geojsonId);
    if (!dataElement) return;
    var data = JSON.parse(dataElement.textContent);
    if (!data.features || data.features.length === 0) return;
    var svg = figure.querySelector("svg");
    var canvas = document.createElement("div");
    canvas.className = "wm-map__canvas";
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", figure.querySelector("figcaption").textContent.trim().split(".")[0]);
    figure.insertBefore(canvas, figure.firstChild);
    var map = window.L.map(canvas, { scrollWheelZoom: false, attributionControl: true });
    if (figure.dataset.tileUrl) {
      window.L.tileLayer(figure.dataset.tileUrl, {
        maxZoom: 18,
        attribution: figure.dataset.tileAttribution || ""
      }).addTo(map);
    }
    var layer = window.L.geoJSON(data, {
      style: function (feature) {
        return feature.properties.context
          ? { color: "#5b6472", weight: 2, fill: false, dashArray: "4 4" }
          : { color: "#154273", weight: 1.5, fillColor: "#4a7fb5", fillOpacity: 0.25 };
      },
      onEachFeature: function (feature, shape) {
        if (feature.properties.context) return;
        shape.bindTooltip(feature.properties.name + " (" + feature.properties.code + ")");
        shape.on("click", function () { window.location.href = feature.properties.url; });
        shape.on("mouseover", function () { shape.setStyle({ fillOpacity: 0.55 }); });
        shape.on("mouseout", function () { shape.setStyle({ fillOpacity: 0.25 }); });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    if (svg) svg.setAttribute("hidden", "");
    figure.dataset.enhanced = "leaflet";
  }
  function init() {
    document.querySelectorAll("figure[data-map]").forEach(function (figure) {
      try { enhance(figure); } catch (error) {
        if (window.console) window.console.warn("Kaart kon niet worden opgebouwd", error);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
