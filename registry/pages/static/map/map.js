/* The public map (/carte): Leaflet + supercluster over /carte/sensors[.<lang>].json (registry/map/data.py).
 * Everything here runs in the browser; the visitor's position never leaves it.
 * window.dtprMap exposes the map and its layer for tests and bench/map.py. */
(function () {
  "use strict";
  var app = document.getElementById("map-app");
  if (!app || !window.L || !window.Supercluster || !window.fetch) {
    return; /* the lists by commune and zone below serve */
  }
  var config = JSON.parse(app.getAttribute("data-config"));
  var words = config.words;
  var PERSONAL = ["personal_none", "personal_de_identified", "personal_identifiable"];
  var DIRECTIONS = ["n", "ne", "e", "se", "s", "sw", "w", "nw"];
  var NEAREST = 10;
  var LISTED = 50;
  app.hidden = false;

  var map = L.map("map", { zoomSnap: 1, worldCopyJump: false });
  map.setView([47.47, -0.55], 11);
  var layer = L.layerGroup().addTo(map);
  var state = { sensors: [], index: null, shown: 0, firstMarkersAt: null, timings: {} };
  window.dtprMap = { map: map, layer: layer, state: state };

  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  } else {
    fetch(config.outlines).then(function (r) { return r.json(); }).then(function (outlines) {
      L.geoJSON(outlines, {
        interactive: false,
        style: { color: "#5b6770", weight: 1.5, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    }).catch(function () { /* a plain background is enough */ });
  }

  function say(key, values) {
    var text = words[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function number(value) {
    return new Intl.NumberFormat(config.lang).format(value);
  }

  function pageOf(sensor) {
    return config.page + encodeURIComponent(sensor.id) + config.query;
  }

  function decode(data) {
    var lat = 0, lon = 0, sensors = [];
    var box = state.bounds = [Infinity, Infinity, -Infinity, -Infinity];
    for (var i = 0; i < data.ids.length; i++) {
      lat += data.lat[i];
      lon += data.lon[i];
      var numbers = data.purposes[i] ? data.purposes[i].split(".") : [];
      var y = lat / data.scale, x = lon / data.scale;
      sensors.push({
        id: data.ids[i],
        name: data.names[i],
        nameLang: data.name_langs[data.name_lang.charCodeAt(i) - 48],
        lat: y,
        lon: x,
        personal: data.personal.charCodeAt(i) - 48,
        purposes: numbers.map(function (n) { return data.purpose_ids[+n]; }),
      });
      box[0] = Math.min(box[0], y); box[1] = Math.min(box[1], x);
      box[2] = Math.max(box[2], y); box[3] = Math.max(box[3], x);
    }
    return sensors;
  }

  function chosen() {
    var purpose = document.getElementById("m-purpose").value;
    var personal = document.getElementById("m-personal").value;
    return state.sensors.filter(function (s) {
      if (purpose && s.purposes.indexOf(purpose) < 0) return false;
      if (personal === "yes" && s.personal === 0) return false;
      if (personal === "no" && s.personal !== 0) return false;
      return true;
    });
  }

  function reindex() {
    state.filtered = chosen();
    var points = state.filtered.map(function (s, i) {
      return { type: "Feature", properties: { i: i }, geometry: { type: "Point", coordinates: [s.lon, s.lat] } };
    });
    /* clusters from zoom 6 (a region) to 14 (a district); closer, every sensor is its own marker */
    state.index = new Supercluster({ radius: 60, minZoom: 6, maxZoom: 14 }).load(points);
    state.timings.indexed = performance.now();
    render();
  }

  function bbox() {
    var b = map.getBounds();
    return [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())];
  }

  function clusterMarker(feature) {
    var count = feature.properties.point_count;
    var size = count < 100 ? 36 : count < 1000 ? 44 : 52;
    var label = say("map_cluster", { n: number(count) });
    var marker = L.marker([feature.geometry.coordinates[1], feature.geometry.coordinates[0]], {
      icon: L.divIcon({ className: "cl", html: number(count), iconSize: [size, size] }),
      title: label, sensorCount: count, keyboard: true,
    });
    marker.on("click", function () {
      var zoom = Math.min(state.index.getClusterExpansionZoom(feature.properties.cluster_id), 18);
      map.setView(marker.getLatLng(), zoom);
    });
    return marker;
  }

  function sensorMarker(sensor) {
    var label = sensor.name + " — " + words[PERSONAL[sensor.personal]];
    var marker = L.marker([sensor.lat, sensor.lon], {
      icon: L.divIcon({ className: "mkw", html: '<span class="mk mk-' + sensor.personal + '"></span>', iconSize: [26, 26] }),
      title: label, sensorCount: 1, sensorId: sensor.id, keyboard: true,
    });
    marker.bindPopup(function () { return popup(sensor); });
    return marker;
  }

  function named(tag, sensor, attributes) {
    /* a name in another language than the page's carries its lang and a notice, as the sensor page's */
    var both = document.createDocumentFragment();
    var node = both.appendChild(element(tag, sensor.name, attributes));
    var notice = config.fallback[sensor.nameLang];
    if (sensor.nameLang === config.lang || !notice) return both;
    node.setAttribute("lang", sensor.nameLang);
    both.appendChild(document.createTextNode(" "));
    var small = both.appendChild(element("small", "(" + notice[0] + ")", { class: "fallback" }));
    if (notice[1] !== config.lang) small.setAttribute("lang", notice[1]);
    return both;
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function popup(sensor) {
    var box = element("div", "", { class: "pop" });
    box.appendChild(element("p", "")).appendChild(named("strong", sensor));
    sensor.purposes.forEach(function (id) {
      var purpose = config.purposes[id];
      if (!purpose) return;
      var line = box.appendChild(element("p", ""));
      if (purpose[1]) line.appendChild(element("img", "", { src: purpose[1], alt: "", width: "32", height: "32" }));
      line.appendChild(document.createTextNode(purpose[0]));
    });
    var answer = sensor.personal ? words.yes : words.no;
    box.appendChild(element("p", words.personal_q + " " + answer + " — " + words[PERSONAL[sensor.personal]]));
    box.appendChild(element("p", "")).appendChild(element("a", words.map_open_page, { href: pageOf(sensor) }));
    return box;
  }

  function render() {
    var zoom = map.getZoom();
    var found = state.index.getClusters(bbox(), zoom);
    layer.clearLayers();
    var shown = 0;
    found.forEach(function (feature) {
      var marker = feature.properties.cluster ? clusterMarker(feature) : sensorMarker(state.filtered[feature.properties.i]);
      shown += marker.options.sensorCount;
      layer.addLayer(marker);
      var icon = marker.getElement();
      if (icon) icon.setAttribute("aria-label", marker.options.title);
    });
    state.shown = shown;
    if (state.firstMarkersAt === null && found.length) state.firstMarkersAt = performance.now();
    document.getElementById("map-count").textContent = say("map_count", { n: number(shown) });
    listVisible(shown);
  }

  function listVisible(shown) {
    var list = document.getElementById("visible-list");
    var many = document.getElementById("visible-many");
    list.textContent = "";
    many.hidden = shown <= LISTED;
    if (shown > LISTED) return;
    state.index.getClusters(bbox(), 17).forEach(function (feature) {
      var sensor = state.filtered[feature.properties.i];
      var item = list.appendChild(element("li", ""));
      item.appendChild(named("a", sensor, { href: pageOf(sensor) }));
      item.appendChild(element("p", words[PERSONAL[sensor.personal]], { class: "muted" }));
    });
  }

  function distance(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function direction(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var y = Math.sin((lon2 - lon1) * rad) * Math.cos(lat2 * rad);
    var x = Math.cos(lat1 * rad) * Math.sin(lat2 * rad) - Math.sin(lat1 * rad) * Math.cos(lat2 * rad) * Math.cos((lon2 - lon1) * rad);
    var bearing = (Math.atan2(y, x) / rad + 360) % 360;
    return words["map_dir_" + DIRECTIONS[Math.round(bearing / 45) % 8]];
  }

  function spoken(metres) {
    if (metres < 1000) return number(Math.round(metres / 10) * 10) + " m";
    return new Intl.NumberFormat(config.lang, { maximumFractionDigits: 1 }).format(metres / 1000) + " km";
  }

  function nearest(lat, lon) {
    var ranked = state.filtered.map(function (s) { return [distance(lat, lon, s.lat, s.lon), s]; });
    ranked.sort(function (a, b) { return a[0] - b[0]; });
    var list = document.getElementById("near-list");
    list.textContent = "";
    ranked.slice(0, NEAREST).forEach(function (pair) {
      var sensor = pair[1];
      var item = list.appendChild(element("li", ""));
      item.appendChild(named("a", sensor, { href: pageOf(sensor) }));
      item.appendChild(document.createTextNode(" — " + spoken(pair[0]) + ", " + direction(lat, lon, sensor.lat, sensor.lon)));
    });
    document.getElementById("near").hidden = false;
    document.getElementById("near-failed").hidden = true;
    map.setView([lat, lon], 16);
    document.getElementById("near-h").focus();
  }

  function failed() {
    document.getElementById("near-failed").hidden = false;
  }

  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation || !state.filtered) return failed();
    navigator.geolocation.getCurrentPosition(
      function (position) { nearest(position.coords.latitude, position.coords.longitude); },
      failed,
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
    );
  });
  document.getElementById("m-purpose").addEventListener("change", reindex);
  document.getElementById("m-personal").addEventListener("change", reindex);
  document.getElementById("map-filters").addEventListener("submit", function (event) { event.preventDefault(); });
  map.on("moveend", function () { if (state.index) render(); });

  fetch(config.data).then(function (r) { return r.json(); }).then(function (data) {
    state.timings.fetched = performance.now();
    state.sensors = decode(data);
    state.timings.decoded = performance.now();
    if (state.sensors.length) {
      var b = state.bounds;
      map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: [20, 20], maxZoom: 15, animate: false });
    }
    reindex();
  });
}());
