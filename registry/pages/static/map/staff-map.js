/* The staff map (/staff/carte): one Leaflet layer per console list, toggled by its checkbox.
 * Layers come from /staff/carte/layers.json (registry/staff/map.py); every marker links to its console page. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L || !window.fetch) return;
  var map = L.map(box).setView([47.47, -0.55], 11);
  var groups = {};
  window.dtprStaffMap = { map: map, groups: groups };

  function marker(key, item) {
    var link = document.createElement("a");
    link.href = item[4];
    link.textContent = item[1] + " (" + item[0] + ")";
    var m = L.marker([item[2], item[3]], {
      icon: L.divIcon({ className: "mkw", html: '<span class="sw sw-' + key + '"></span>', iconSize: [24, 24] }),
      title: item[1] + " (" + item[0] + ")", keyboard: true,
    });
    return m.bindPopup(link);
  }

  fetch(box.getAttribute("data-layers"), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    if (data.tiles) {
      L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
    } else {
      fetch(data.outlines).then(function (r) { return r.json(); }).then(function (outlines) {
        L.geoJSON(outlines, { interactive: false, style: { color: "#5b6770", weight: 1.5, fillColor: "#f4f1ea", fillOpacity: 1 } })
          .addTo(map).bringToBack();
      });
    }
    var all = [];
    data.layers.forEach(function (layer) {
      var group = L.layerGroup(layer.items.map(function (item) {
        all.push([item[2], item[3]]);
        return marker(layer.key, item);
      })).addTo(map);
      groups[layer.key] = group;
    });
    if (all.length) map.fitBounds(all, { padding: [20, 20], maxZoom: 16, animate: false });
    var fields = document.getElementById("staff-layers");
    fields.hidden = false;
    fields.addEventListener("change", function (event) {
      var group = groups[event.target.value];
      if (!group) return;
      if (event.target.checked) group.addTo(map); else map.removeLayer(group);
    });
    window.dtprStaffMap.ready = true;
  });
}());
