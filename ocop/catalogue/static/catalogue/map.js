/*
 * Public map of OCOP producers (Leaflet from npm, served as vendor/leaflet).
 *
 * Points are not in the page: for each view the script asks the data endpoint
 * (data-endpoint, /api/v1/map.geojson?bbox=west,south,east,north&zoom=N), which answers
 * producers one by one when few, else grouped in grid cells with a count. The box is
 * widened to whole tiles of the zoom level so that nearby views share cached answers.
 *
 * Base layer: the configured tile server (data-tile-url). When none is configured, or no
 * tile loads (an intranet without internet, a blocked network), a built-in light base is
 * drawn instead from a file served by this site (Natural Earth country outlines from the
 * npm package world-atlas, data-outline-url): no request leaves the site.
 *
 * No inline script: the site's CSP allows scripts from 'self' only. Popups are built from
 * DOM nodes (textContent), never from HTML strings.
 */
(function () {
  "use strict";
  var L = window.L;
  var container = document.getElementById("ban-do");
  if (!container || typeof L === "undefined") {
    return;
  }
  var endpoint = container.getAttribute("data-endpoint");
  var tileUrl = container.getAttribute("data-tile-url");
  var outlineUrl = container.getAttribute("data-outline-url");
  var notice = document.getElementById("ban-do-thong-bao");
  var limitNotice = document.getElementById("ban-do-gioi-han");
  var extent = (container.getAttribute("data-extent") || "102.1,8.2,117.8,23.4").split(",").map(Number);

  container.hidden = false;
  var map = L.map(container, { scrollWheelZoom: false, minZoom: 4, maxZoom: 18 });
  map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]], { maxZoom: 13, padding: [24, 24] });

  // -- base layer --------------------------------------------------------------------------

  var outlineDrawn = false;
  var OUTLINE_VIEW_ZOOM = 7;

  // Neighbours drawn around Vietnam (ISO 3166 numeric codes, as world-atlas names them).
  var VIETNAM = "704";
  var REGION = ["704", "418", "116", "764", "156", "104", "608", "458", "360", "096", "158", "626", "050", "356"];
  // Small islands of other countries inside this box (the Paracel and Spratly area) are
  // left out of the outline: Vietnamese maps show the Hoàng Sa and Trường Sa archipelagos
  // as Vietnam's, labelled below.
  var SEA_BOX = { west: 110.5, south: 7.0, east: 117.5, north: 17.5 };

  function insideSeaBox(polygon) {
    return polygon.every(function (ring) {
      return ring.every(function (point) {
        return point[0] >= SEA_BOX.west && point[0] <= SEA_BOX.east && point[1] >= SEA_BOX.south && point[1] <= SEA_BOX.north;
      });
    });
  }

  function regionFeatures(topology) {
    var countries = window.topojson.feature(topology, topology.objects.countries).features;
    return countries.filter(function (feature) {
      return REGION.indexOf(String(feature.id)) !== -1;
    }).map(function (feature) {
      var geometry = feature.geometry;
      if (String(feature.id) !== VIETNAM && geometry && geometry.type === "MultiPolygon") {
        geometry = { type: "MultiPolygon", coordinates: geometry.coordinates.filter(function (polygon) { return !insideSeaBox(polygon); }) };
      }
      return { type: "Feature", id: feature.id, properties: {}, geometry: geometry };
    });
  }

  function label(lat, lon, text) {
    var box = document.createElement("span");
    box.textContent = text;
    L.marker([lat, lon], {
      pane: "nen-ban-do",
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: "nhan-ban-do", html: box, iconSize: null })
    }).addTo(map);
  }

  function drawOutline() {
    if (outlineDrawn || !outlineUrl || typeof window.topojson === "undefined") {
      return;
    }
    outlineDrawn = true;
    container.classList.add("ban-do-nen-co-san");
    // The built-in base shows borders only: a close first view would be a blank plain, so
    // start from a view where the country's outline is seen (the visitor can zoom in).
    if (map.getZoom() > OUTLINE_VIEW_ZOOM) {
      map.setZoom(OUTLINE_VIEW_ZOOM);
    }
    map.createPane("nen-ban-do");
    map.getPane("nen-ban-do").style.zIndex = 150;
    var renderer = L.svg({ pane: "nen-ban-do" });
    fetch(outlineUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (topology) {
        L.geoJSON({ type: "FeatureCollection", features: regionFeatures(topology) }, {
          renderer: renderer,
          interactive: false,
          style: function (feature) {
            var home = String(feature.id) === VIETNAM;
            return {
              className: home ? "nen-ban-do-viet-nam" : "nen-ban-do-lan-can",
              color: home ? "#2e7d32" : "#9e9e9e",
              weight: home ? 1.5 : 1,
              fillColor: home ? "#f1f8e9" : "#f5f5f5",
              fillOpacity: 1
            };
          }
        }).addTo(map);
        label(16.5, 112.0, "Quần đảo Hoàng Sa");
        label(10.0, 114.3, "Quần đảo Trường Sa");
        container.setAttribute("data-base", "co-san");
      })
      .catch(function () {
        container.setAttribute("data-base", "khong-co");
      });
  }

  if (tileUrl) {
    var tiles = L.tileLayer(tileUrl, {
      maxZoom: 18,
      attribution: container.getAttribute("data-tile-attribution") || ""
    }).addTo(map);
    var loaded = 0;
    var failed = 0;
    var fallBack = function (message) {
      if (loaded || outlineDrawn) {
        return;
      }
      map.removeLayer(tiles);
      drawOutline();
      if (notice) {
        notice.textContent = message;
      }
    };
    tiles.on("tileload", function () {
      loaded += 1;
      container.setAttribute("data-base", "may-chu");
    });
    tiles.on("tileerror", function () {
      failed += 1;
      if (failed >= 2) {
        fallBack("Không tải được bản đồ nền từ máy chủ bản đồ; đang dùng bản đồ nền đơn giản có sẵn (đường biên giới). Danh sách chủ thể ở bên dưới.");
      }
    });
    // A tile server that never answers (a firewall dropping packets) gives no error soon.
    window.setTimeout(function () {
      fallBack("Không tải được bản đồ nền từ máy chủ bản đồ sau 8 giây; đang dùng bản đồ nền đơn giản có sẵn.");
    }, 8000);
  } else {
    drawOutline();
  }

  // -- points ------------------------------------------------------------------------------

  var points = L.layerGroup().addTo(map);
  var pending = null;

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

  function clusterIcon(count) {
    var box = document.createElement("span");
    box.textContent = count > 9999 ? Math.round(count / 1000) + "k" : String(count);
    var size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 46;
    return L.divIcon({ className: "cum-ban-do", html: box, iconSize: [size, size] });
  }

  function draw(data) {
    points.clearLayers();
    (data.features || []).forEach(function (feature) {
      var lon = feature.geometry.coordinates[0];
      var lat = feature.geometry.coordinates[1];
      var p = feature.properties || {};
      if (p.kind === "cluster") {
        var marker = L.marker([lat, lon], { icon: clusterIcon(p.count), title: p.count + " chủ thể", alt: p.count + " chủ thể" });
        marker.on("click", function () {
          map.setView([lat, lon], Math.min(map.getZoom() + 2, 18));
        });
        points.addLayer(marker);
      } else if (p.kind === "producer") {
        points.addLayer(
          L.circleMarker([lat, lon], { radius: 8, color: "#1b5e20", fillOpacity: 0.7 })
            .bindPopup(popup(p.name, p.url, [p.commune, p.products + " sản phẩm OCOP"]))
        );
      } else if (p.kind === "shop") {
        points.addLayer(
          L.circleMarker([lat, lon], { radius: 7, color: "#6a1b9a", fillOpacity: 0.5 })
            .bindPopup(popup(p.name, "", ["Điểm bán sản phẩm OCOP", p.address]))
        );
      }
    });
    if (limitNotice) {
      limitNotice.hidden = !data.truncated;
      limitNotice.textContent = data.truncated
        ? "Có " + data.producers_in_view + " chủ thể trong khung nhìn, bản đồ chỉ vẽ một phần: hãy phóng to để xem hết."
        : "";
    }
    container.setAttribute("data-points", String((data.features || []).length));
  }

  function snapped() {
    // Whole tiles of the current zoom, so that small pans ask for the same box.
    var zoom = map.getZoom();
    var step = 360 / Math.pow(2, zoom);
    var bounds = map.getBounds();
    var clamp = function (value, low, high) { return Math.max(low, Math.min(high, value)); };
    var west = clamp(Math.floor(bounds.getWest() / step) * step, -180, 180);
    var east = clamp(Math.ceil(bounds.getEast() / step) * step, -180, 180);
    var south = clamp(Math.floor(bounds.getSouth() / step) * step, -90, 90);
    var north = clamp(Math.ceil(bounds.getNorth() / step) * step, -90, 90);
    if (east <= west) { east = Math.min(180, west + step); }
    if (north <= south) { north = Math.min(90, south + step); }
    return [west, south, east, north].map(function (v) { return v.toFixed(4); }).join(",") + "&zoom=" + zoom;
  }

  function refresh() {
    if (!endpoint || typeof window.fetch !== "function") {
      return;
    }
    if (pending) {
      pending.abort();
    }
    pending = typeof AbortController === "function" ? new AbortController() : null;
    fetch(endpoint + "?bbox=" + snapped(), { signal: pending ? pending.signal : undefined, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(draw)
      .catch(function () { /* aborted by a newer view, or offline: the list below stays */ });
  }

  map.on("moveend", refresh);
  refresh();
}());
