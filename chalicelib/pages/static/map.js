/* Maps of Lapor: the report form's pin, and the public map of reports.
   Progressive: without this script, without Leaflet or without tiles, the form still files with an
   address, typed coordinates or "use my location", and the public map page still lists the
   GeoJSON download. Leaflet and Leaflet.markercluster are vendored (see *.LICENSE.txt). */
(function () {
  'use strict';

  function icon(el) {
    return window.L.icon({ iconUrl: el.getAttribute('data-pin'), iconSize: [26, 40], iconAnchor: [13, 39],
                           popupAnchor: [0, -34] });
  }

  function baseMap(el, center, zoom) {
    var L = window.L;
    var map = L.map(el, { scrollWheelZoom: false }).setView(center, zoom);
    L.tileLayer(el.getAttribute('data-tiles'), {
      maxZoom: 19, attribution: el.getAttribute('data-attribution')
    }).addTo(map);
    return map;
  }

  function round6(x) { return Math.round(x * 1e6) / 1e6; }

  function formPin(el) {
    var lat = document.getElementById('latitude');
    var lon = document.getElementById('longitude');
    if (!lat || !lon) { return; }
    el.hidden = false;
    var hint = document.getElementById('pin-hint');
    if (hint) { hint.hidden = false; }
    var details = el.closest('details');
    var status = document.getElementById('pin-status');
    var have = lat.value && lon.value && !isNaN(parseFloat(lat.value)) && !isNaN(parseFloat(lon.value));
    var map = baseMap(el, have ? [parseFloat(lat.value), parseFloat(lon.value)] : [-2.5, 118], have ? 16 : 4);
    var marker = null;

    function propose(latlng) {
      var url = el.getAttribute('data-region-url');
      var regency = document.getElementById('regency');
      var province = document.getElementById('province');
      if (!url || !window.fetch || !regency || regency.value) { return; }
      window.fetch(url + '?lat=' + latlng.lat + '&lon=' + latlng.lng).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (found) {
        if (!found || regency.value) { return; }
        if (province && !province.value) {
          province.value = found.province_code;
          province.dispatchEvent(new Event('change', { bubbles: true }));
        }
        regency.value = found.region_code;
        regency.dispatchEvent(new Event('change', { bubbles: true }));
        if (status) { status.textContent = el.getAttribute('data-msg-proposed').replace('{name}', found.name); }
      }).catch(function () { /* no proposal: the reporter chooses */ });
    }

    function place(latlng, write) {
      if (!marker) {
        marker = window.L.marker(latlng, { draggable: true, icon: icon(el), keyboard: true,
                                           title: el.getAttribute('data-msg-pin') }).addTo(map);
        marker.on('dragend', function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(latlng);
      }
      if (write) {
        lat.value = round6(latlng.lat);
        lon.value = round6(latlng.lng);
        if (details) { details.open = true; }
        propose(latlng);
      }
    }

    if (have) { place([parseFloat(lat.value), parseFloat(lon.value)], false); }
    map.on('click', function (e) { place(e.latlng, true); });
    function fromInputs() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (!isNaN(a) && !isNaN(b)) { place([a, b], false); map.setView([a, b], Math.max(map.getZoom(), 15)); }
    }
    lat.addEventListener('change', fromInputs);
    lon.addEventListener('change', fromInputs);
    var clear = document.getElementById('pin-clear');
    if (clear) {
      clear.hidden = false;
      clear.addEventListener('click', function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        lat.value = ''; lon.value = '';
      });
    }
    // "Use my location" (app.js) fills the inputs and says so: follow them.
    document.addEventListener('lapor:located', fromInputs);
    if (details) { details.addEventListener('toggle', function () { map.invalidateSize(); }); }
  }

  function publicMap(el) {
    var L = window.L;
    el.hidden = false;
    var map = baseMap(el, [-2.5, 118], 5);
    var layer = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
    map.addLayer(layer);
    var count = document.getElementById('map-count');
    window.fetch(el.getAttribute('data-geojson'), { headers: { Accept: 'application/geo+json' } })
      .then(function (r) { return r.json(); })
      .then(function (collection) {
        var shown = 0;
        collection.features.forEach(function (f) {
          var c = f.geometry.coordinates, p = f.properties;
          var m = L.marker([c[1], c[0]], { icon: icon(el), title: p.title });
          var box = document.createElement('div');
          var a = document.createElement('a');
          a.href = p.url; a.textContent = p.title;
          var s = document.createElement('p');
          s.textContent = p.tracking_id + ' · ' + (p.status_text || p.status);
          box.appendChild(a); box.appendChild(s);
          m.bindPopup(box);
          layer.addLayer(m);
          shown += 1;
        });
        if (count) { count.textContent = el.getAttribute('data-msg-count').replace('{count}', String(shown)); }
        if (shown) { map.fitBounds(layer.getBounds ? layer.getBounds() : map.getBounds(), { maxZoom: 14 }); }
      }).catch(function () { /* the list and the GeoJSON link below still work */ });
  }

  function start() {
    if (!window.L) { return; }
    var pin = document.getElementById('pin-map');
    if (pin) { formPin(pin); }
    var reports = document.getElementById('reports-map');
    if (reports) { publicMap(reports); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
