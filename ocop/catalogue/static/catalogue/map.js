/*
 * Public map of OCOP producers (Leaflet, served from npm as vendor/leaflet).
 * Reads the points from the JSON data block #ban-do-du-lieu and the tile server from
 * data-tile-url; without Leaflet, a tile URL or data, it does nothing and the page stays
 * the list below the map. No inline script: the site's CSP allows scripts from 'self' only.
 */
(function () {
  "use strict";
  var container = document.getElementById("ban-do");
  var dataBlock = document.getElementById("ban-do-du-lieu");
  if (!container || !dataBlock || typeof window.L === "undefined") {
    return;
  }
  var tileUrl = container.getAttribute("data-tile-url");
  if (!tileUrl) {
    return;
  }
  var data;
  try {
    data = JSON.parse(dataBlock.textContent);
  } catch (error) {
    return;
  }
  var producers = data.producers || [];
  var shops = data.shops || [];
  if (!producers.length && !shops.length) {
    return;
  }
  container.hidden = false;
  var map = window.L.map(container, { scrollWheelZoom: false });
  var tiles = window.L.tileLayer(tileUrl, {
    maxZoom: 18,
    attribution: container.getAttribute("data-tile-attribution") || ""
  }).addTo(map);

  // Popups are built from DOM nodes (textContent), never from HTML strings.
  function popup(title, url, lines) {
    var box = document.createElement("div");
    var heading = document.createElement(url ? "a" : "strong");
    heading.textContent = title;
    if (url) {
      heading.href = url;
    }
    box.appendChild(heading);
    lines.forEach(function (text) {
      if (text) {
        var line = document.createElement("div");
        line.textContent = text;
        box.appendChild(line);
      }
    });
    return box;
  }

  var bounds = [];
  producers.forEach(function (point) {
    window.L.circleMarker([point.lat, point.lon], { radius: 8, color: "#1b5e20", fillOpacity: 0.7 })
      .addTo(map)
      .bindPopup(popup(point.name, point.url, [point.commune, point.products + " sản phẩm OCOP"]));
    bounds.push([point.lat, point.lon]);
  });
  shops.forEach(function (shop) {
    window.L.circleMarker([shop.lat, shop.lon], { radius: 7, color: "#6a1b9a", fillOpacity: 0.5 })
      .addTo(map)
      .bindPopup(popup(shop.name, "", ["Điểm bán sản phẩm OCOP", shop.address]));
    bounds.push([shop.lat, shop.lon]);
  });
  map.fitBounds(bounds, { maxZoom: 13, padding: [24, 24] });

  // When no tile loads (no network to the tile server), say so; the list stays below.
  var loaded = 0;
  var failed = 0;
  tiles.on("tileload", function () { loaded += 1; });
  tiles.on("tileerror", function () {
    failed += 1;
    if (!loaded && failed >= 4) {
      var notice = document.getElementById("ban-do-thong-bao");
      if (notice) {
        notice.textContent = "Không tải được bản đồ nền; xem danh sách chủ thể bên dưới.";
      }
    }
  });
}());
