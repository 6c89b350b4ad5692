/* Plan maps of woningbouwprogrammering (progressive enhancement; no inline scripts: the data
 * comes from json_script blocks).
 *
 * figure[data-plan-map]: the vlekkenkaart and the small map on a project page. Projects are
 * points and vlakken coloured by hard/zacht (zacht dashed, so colour is not the only cue);
 * municipality boundaries are drawn for orientation. The shapes are not in the tab order: the
 * list beside the map is the keyboard path. Popups say "demonstratieproject" where it applies.
 *
 * [data-plan-draw]: the location on the project form. A click sets a point; "Vlak tekenen"
 * adds a vertex per click and "Vlak sluiten" closes the polygon; "Wissen" clears. The result
 * is written as GeoJSON into the form's text field, which also works without JavaScript. */
(function () {
  "use strict";

  var COLOURS = { hard: "#154273", zacht: "#b34700", other: "#5b6472" };
  var DRENTHE = [52.85, 6.6];

  function readJson(id) {
    var element = id && document.getElementById(id);
    if (!element) return null;
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function baseMap(container, holder, label) {
    container.className = "wm-map__canvas";
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", label);
    var map = window.L.map(container, { scrollWheelZoom: false, keyboard: false, attributionControl: true });
    if (holder.dataset.tileUrl) {
      window.L.tileLayer(holder.dataset.tileUrl, {
        maxZoom: 19,
        attribution: holder.dataset.tileAttribution || ""
      }).addTo(map);
    }
    return map;
  }

  function boundaryLayer(data) {
    return window.L.geoJSON(data, {
      interactive: false,
      style: function () { return { color: "#5b6472", weight: 1.5, fill: false, dashArray: "4 4" }; }
    });
  }

  function styleOf(properties) {
    var certainty = properties.certainty === "hard" || properties.certainty === "zacht" ? properties.certainty : "other";
    return {
      color: COLOURS[certainty], weight: 2, fillColor: COLOURS[certainty], fillOpacity: 0.35,
      dashArray: certainty === "zacht" ? "5 4" : null
    };
  }

  function popupOf(properties, figure) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.className = "wm-map-link";
    link.textContent = properties.name;
    box.appendChild(link);
    if (properties.demo) {
      var demo = document.createElement("span");
      demo.className = "wm-status wm-status--draft";
      demo.textContent = figure.dataset.demoLabel || "demonstratieproject";
      box.appendChild(document.createTextNode(" "));
      box.appendChild(demo);
    }
    var line = document.createElement("div");
    line.textContent = [properties.municipality, properties.phase + (properties.certainty_label ? " (" + properties.certainty_label + ")" : ""),
      properties.units + " " + (figure.dataset.unitsLabel || "")].join(" · ");
    box.appendChild(line);
    return box;
  }

  function projectLayer(data, figure) {
    return window.L.geoJSON(data, {
      style: function (feature) { return styleOf(feature.properties); },
      pointToLayer: function (feature, latlng) {
        var style = styleOf(feature.properties);
        style.radius = 7;
        style.fillOpacity = 0.8;
        return window.L.circleMarker(latlng, style);
      },
      onEachFeature: function (feature, shape) {
        var properties = feature.properties;
        shape.bindTooltip(properties.name + (properties.demo ? " (" + (figure.dataset.demoLabel || "") + ")" : ""), { sticky: true });
        shape.bindPopup(function () { return popupOf(properties, figure); });
      }
    });
  }

  function showMap(figure) {
    var projects = readJson(figure.dataset.projectsId) || { features: [] };
    var boundaries = readJson(figure.dataset.boundariesId) || { features: [] };
    var canvas = document.createElement("div");
    figure.insertBefore(canvas, figure.firstChild);
    var map = baseMap(canvas, figure, figure.dataset.label || "");
    var outline = boundaryLayer(boundaries).addTo(map);
    var shapes = projectLayer(projects, figure).addTo(map);
    var focus = projects.features.length ? shapes : outline;
    if (figure.dataset.zoomTo !== "projects" && boundaries.features.length) focus = outline;
    if (focus.getLayers().length) {
      map.fitBounds(focus.getBounds(), { padding: [32, 32], maxZoom: 16 });
    } else {
      map.setView(DRENTHE, 9);
    }
    figure.dataset.enhanced = "leaflet";
  }

  /* -- drawing on the project form ---------------------------------------------------- */

  function drawOn(holder) {
    var field = document.getElementById(holder.dataset.target);
    if (!field) return;
    var status = holder.querySelector(".wm-plan-draw__status");
    var canvas = document.createElement("div");
    holder.insertBefore(canvas, status);
    var map = baseMap(canvas, holder, holder.dataset.label || "");
    var boundaries = readJson(holder.dataset.boundariesId) || { features: [] };
    var outline = boundaryLayer(boundaries).addTo(map);
    var drawn = window.L.layerGroup().addTo(map);
    var polygonButton = holder.querySelector('[data-draw="polygon"]');
    var closeButton = holder.querySelector('[data-draw="close"]');
    var clearButton = holder.querySelector('[data-draw="clear"]');
    var vertices = null; // [lat, lng] pairs while drawing a polygon

    holder.querySelectorAll("[hidden]").forEach(function (element) { element.removeAttribute("hidden"); });
    holder.classList.add("wm-plan-draw--active");

    function say(text) { if (status) status.textContent = text; }
    function round(value) { return Math.round(value * 1e6) / 1e6; }

    function show(geometry) {
      drawn.clearLayers();
      if (!geometry) return;
      var layer = window.L.geoJSON(geometry, {
        interactive: false,
        style: function () { return { color: COLOURS.hard, weight: 2, fillOpacity: 0.3 }; },
        pointToLayer: function (feature, latlng) {
          return window.L.circleMarker(latlng, { radius: 8, color: COLOURS.hard, fillOpacity: 0.8, interactive: false });
        }
      });
      drawn.addLayer(layer);
    }

    function write(geometry) {
      field.value = geometry ? JSON.stringify(geometry) : "";
      show(geometry);
    }

    function current() {
      try {
        var value = JSON.parse(field.value);
        if (value && value.type === "Feature") value = value.geometry;
        return value && value.type ? value : null;
      } catch (error) { return null; }
    }

    function setDrawing(on) {
      vertices = on ? [] : null;
      polygonButton.setAttribute("aria-pressed", on ? "true" : "false");
      closeButton.disabled = !on;
      holder.classList.toggle("wm-plan-draw--drawing", on);
    }

    function drawVertices() {
      drawn.clearLayers();
      if (!vertices || !vertices.length) return;
      drawn.addLayer(window.L.polyline(vertices, { color: COLOURS.zacht, weight: 2, dashArray: "4 4", interactive: false }));
      vertices.forEach(function (point) {
        drawn.addLayer(window.L.circleMarker(point, { radius: 4, color: COLOURS.zacht, interactive: false }));
      });
    }

    map.on("click", function (event) {
      var lng = round(event.latlng.lng), lat = round(event.latlng.lat);
      if (vertices) {
        vertices.push([lat, lng]);
        drawVertices();
        say((holder.dataset.vertexText || "") + " " + vertices.length);
        return;
      }
      write({ type: "Point", coordinates: [lng, lat] });
      say(holder.dataset.pointText || "");
    });

    polygonButton.addEventListener("click", function () {
      if (vertices) { setDrawing(false); show(current()); return; }
      setDrawing(true);
      drawVertices();
    });

    closeButton.addEventListener("click", function () {
      if (!vertices || vertices.length < 3) { say(holder.dataset.tooFewText || ""); return; }
      var ring = vertices.map(function (point) { return [point[1], point[0]]; });
      ring.push(ring[0]);
      setDrawing(false);
      write({ type: "Polygon", coordinates: [ring] });
      say(holder.dataset.closedText || "");
    });

    clearButton.addEventListener("click", function () {
      setDrawing(false);
      write(null);
      say(holder.dataset.clearedText || "");
    });

    field.addEventListener("change", function () { show(current()); });

    var start = current();
    show(start);
    if (start && drawn.getLayers().length) {
      var bounds = drawn.getLayers()[0].getBounds();
      if (start.type === "Point") map.setView(bounds.getCenter(), 15);
      else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else if (outline.getLayers().length) {
      map.fitBounds(outline.getBounds(), { padding: [8, 8] });
    } else {
      map.setView(DRENTHE, 9);
    }
    holder.dataset.enhanced = "leaflet";
  }

  function init() {
    if (typeof window.L === "undefined") return;
    document.querySelectorAll("figure[data-plan-map]").forEach(function (figure) {
      try { showMap(figure); } catch (error) {
        if (window.console) window.console.warn("Kaart kon niet worden opgebouwd", error);
      }
    });
    document.querySelectorAll("[data-plan-draw]").forEach(function (holder) {
      try { drawOn(holder); } catch (error) {
        if (window.console) window.console.warn("Tekenkaart kon niet worden opgebouwd", error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
