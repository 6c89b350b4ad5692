/* The monitor's choropleth map: progressive enhancement of the server-drawn SVG map.
 * Without JavaScript, or when Leaflet cannot load, the SVG map and the table stay. With
 * Leaflet the same areas (GeoJSON with colour, value and status per area) are drawn over map
 * tiles when a tile URL is configured; areas without a public value keep their hatching
 * ("geheim" or "geen gegevens"), and every tooltip says the value or why there is none. */
(function () {
  "use strict";

  function tooltipText(properties) {
    var text = properties.name + " (" + properties.code + "): ";
    if (properties.value) return text + properties.value + ", " + properties.status;
    text += properties.status;
    if (properties.note) text += ", " + properties.note;
    return text;
  }

  function styleOf(properties) {
    var base = { color: "#1a1a1a", weight: 1, opacity: 0.9, fillOpacity: 0.85 };
    if (properties.colour) {
      base.fillColor = properties.colour;
    } else {
      base.fillColor = "#b8b8b8";
      base.fillOpacity = 1;
      base.className = "wm-pattern-" + properties.pattern;
    }
    return base;
  }

  function enhance(figure) {
    if (typeof window.L === "undefined") return;
    var dataElement = document.getElementById(figure.dataset.geojsonId);
    if (!dataElement) return;
    var data = JSON.parse(dataElement.textContent);
    if (!data.features || data.features.length === 0) return;
    var svg = figure.querySelector("svg.wm-choropleth__svg");
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
      style: function (feature) { return styleOf(feature.properties); },
      onEachFeature: function (feature, shape) {
        var properties = feature.properties;
        shape.bindTooltip(tooltipText(properties), { sticky: true });
        if (properties.url) {
          shape.on("click", function () { window.location.href = properties.url; });
        }
        shape.on("mouseover", function () { shape.setStyle({ weight: 3 }); shape.bringToFront(); });
        shape.on("mouseout", function () { shape.setStyle({ weight: 1 }); });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    if (svg) svg.setAttribute("hidden", "");
    figure.dataset.enhanced = "leaflet";
  }

  function init() {
    document.querySelectorAll("figure[data-monitor-map]").forEach(function (figure) {
      try { enhance(figure); } catch (error) {
        if (window.console) window.console.warn("Kaart kon niet worden opgebouwd", error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
