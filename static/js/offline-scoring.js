/* Council scoring without network (docs/councils.md §Chấm điểm ngoại tuyến).
 *
 * - "Chuẩn bị chấm ngoại tuyến" on the queue page asks the service worker (/hoi-dong/sw.js)
 *   to keep the queue and every open sheet of the member on the device.
 * - On a sheet page without network, "Lưu nháp" (and every change) keeps a copy of the form
 *   in IndexedDB, keyed by user and evaluation, with a new sync id per change.
 * - When the network is back (the `online` event, or any council page opened online), every
 *   copy of this user is sent to the server, which applies it as a draft or refuses it by the
 *   conflict rules (ocop/councils/services/offline.py); a refused copy stays on the device
 *   with the reason until the member discards it.
 * - Forms marked `data-offline-queue` (the advisory team's site-visit record, with its photo)
 *   are kept whole on the device when submitted offline, the photo as a Blob, and sent later
 *   with an `offline_id` so that a record sent twice is kept once.
 * - The login page forgets the cached pages (they hold the previous user's sheets); copies
 *   not yet sent stay, keyed by their user.
 */
(function () {
  "use strict";
  var PAGE_CACHE_PREFIX = "ocop-cham-diem-";

  if (document.querySelector("[data-offline-forget-pages]") && window.caches) {
    caches.keys().then(function (keys) {
      keys.filter(function (key) { return key.indexOf(PAGE_CACHE_PREFIX) === 0; })
        .forEach(function (key) { caches.delete(key); });
    });
  }

  var root = document.querySelector("[data-offline-scoring]");
  if (!root || !window.indexedDB) return;
  var user = root.dataset.user;
  var statusBox = document.getElementById("offline-status");

  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker, { scope: root.dataset.scope }).catch(function () {});
  }

  // --- a small promise wrapper over one IndexedDB object store ------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("ocop-cham-diem", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("phieu", { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("phieu", mode);
        var request = action(transaction.objectStore("phieu"));
        transaction.oncomplete = function () { resolve(request.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function getCopy(key) { return run("readonly", function (store) { return store.get(key); }); }
  function putCopy(copy) { return run("readwrite", function (store) { return store.put(copy); }); }
  function dropCopy(key) { return run("readwrite", function (store) { return store.delete(key); }); }
  function myCopies() {
    return run("readonly", function (store) { return store.getAll(); })
      .then(function (all) { return all.filter(function (copy) { return copy.user === user; }); });
  }

  // --- messages --------------------------------------------------------------------------
  function say(text, kind, copyKey) {
    if (!statusBox) return;
    var box = document.createElement("div");
    box.className = "alert alert-" + kind + " d-flex flex-wrap align-items-center gap-2";
    box.setAttribute("role", kind === "danger" ? "alert" : "status");
    var span = document.createElement("span");
    span.textContent = text;
    box.appendChild(span);
    if (copyKey) {
      box.dataset.copy = copyKey;
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-sm btn-outline-secondary ms-auto";
      discard.textContent = "Bỏ bản trên máy";
      discard.addEventListener("click", function () { dropCopy(copyKey).then(function () { box.remove(); }); });
      box.appendChild(discard);
    }
    statusBox.appendChild(box);
  }
  function clearSaid() { if (statusBox) statusBox.textContent = ""; }
  function timeText(iso) {
    return new Date(iso).toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function newSyncId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // --- the sheet page --------------------------------------------------------------------
  var form = document.querySelector("form[data-sync-url]");
  var sheetKey = form ? user + ":" + form.dataset.evaluation : null;

  function formFields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") out.push([name, value]);
    });
    return out;
  }
  function fillForm(fields) {
    form.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
    fields.forEach(function (pair) {
      form.querySelectorAll("[name='" + CSS.escape(pair[0]) + "']").forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          if (input.value === pair[1]) input.checked = true;
        } else {
          input.value = pair[1];
        }
      });
    });
  }
  function keepOnDevice() {
    return putCopy({
      key: sheetKey,
      user: user,
      url: form.dataset.syncUrl,
      page: window.location.pathname,
      product: form.dataset.product,
      fields: formFields(),
      baseRevision: Number(form.dataset.baseRevision || 0),
      savedAt: new Date().toISOString(),
      syncId: newSyncId(),
      state: "pending",
      reason: "",
    });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      var submitting = event.submitter && event.submitter.name === "nop";
      keepOnDevice().then(function () {
        clearSaid();
        say(submitting
          ? "Chưa có mạng nên chưa nộp được phiếu. Bản chấm đã được lưu trên máy và sẽ tự gửi lên thành bản nháp khi có mạng; sau đó hãy nộp phiếu."
          : "Đã lưu trên máy (chưa có mạng). Bản chấm sẽ tự gửi lên máy chủ khi có mạng.", "warning");
      });
    });
    form.addEventListener("change", function () {
      if (!navigator.onLine) keepOnDevice();
    });
  }

  // --- forms sent later (advisory records with photos) ------------------------------------
  document.querySelectorAll("form[data-offline-queue]").forEach(function (queued) {
    queued.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (!queued.reportValidity()) return;
      var fields = [];
      new FormData(queued).forEach(function (value, name) {
        if (name === "csrfmiddlewaretoken") return;
        if (typeof value !== "string" && !value.size) return;  // no file chosen
        fields.push([name, value]);
      });
      var id = newSyncId();
      putCopy({
        key: user + ":gui:" + id, kind: "form", user: user, url: queued.action || window.location.pathname,
        product: queued.dataset.offlineTitle || document.title, fields: fields,
        savedAt: new Date().toISOString(), syncId: id, state: "pending", reason: "",
      }).then(function () {
        queued.reset();
        clearSaid();
        say("Đã lưu ghi chép trên máy (chưa có mạng). Ghi chép và ảnh sẽ tự gửi khi có mạng.", "warning");
      });
    });
  });

  // --- sending the copies ----------------------------------------------------------------
  var sending = false;
  function bodyOf(copy) {
    if (copy.kind === "form") {
      var data = new FormData();
      copy.fields.forEach(function (pair) {
        if (typeof pair[1] === "string") data.append(pair[0], pair[1]);
        else data.append(pair[0], pair[1], pair[1].name || "anh.jpg");
      });
      data.set("offline_id", copy.syncId);
      return data;
    }
    var body = new URLSearchParams(copy.fields);
    body.set("sync_id", copy.syncId);
    body.set("base_revision", String(copy.baseRevision));
    body.set("saved_at", copy.savedAt);
    return body;
  }
  function sendCopy(copy) {
    var body = bodyOf(copy);
    return fetch(copy.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!isJson) {
        say("Chưa gửi được bản chấm trên máy của “" + copy.product + "”: hãy đăng nhập lại, bản chấm vẫn được giữ trên máy.", "warning");
        return false;
      }
      return response.json().then(function (answer) {
        if (response.ok) {
          return dropCopy(copy.key).then(function () {
            say("“" + copy.product + "”: " + answer.message, "success");
            if (copy.key === sheetKey) {
              form.dataset.baseRevision = String(answer.revision);
              if (window.htmx && form.getAttribute("hx-post")) htmx.trigger(form, "change");
            }
            return true;
          });
        }
        copy.state = "refused";
        copy.reason = answer.message || (answer.errors || []).join(" ");
        return putCopy(copy).then(function () {
          say("“" + copy.product + "”: " + copy.reason, "danger", copy.key);
          return true;
        });
      });
    });
  }
  function sendAll() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    return myCopies().then(function (copies) {
      var pending = copies.filter(function (copy) { return copy.state === "pending"; });
      if (pending.length) say("Đang gửi " + pending.length + " bản chấm lưu trên máy…", "info");
      return pending.reduce(function (chain, copy) {
        return chain.then(function (goOn) { return goOn === false ? false : sendCopy(copy); });
      }, Promise.resolve(true));
    }).catch(function () { /* network gone again: the copies stay, tried at the next `online` */ })
      .then(function () { sending = false; });
  }

  function showCopies() {
    return myCopies().then(function (copies) {
      copies.forEach(function (copy) {
        if (copy.state === "refused") {
          say("Bản chấm trên máy của “" + copy.product + "” (lưu lúc " + timeText(copy.savedAt) + ") không được nhận: " + copy.reason, "danger", copy.key);
        } else if (!navigator.onLine) {
          say((copy.kind === "form" ? "“" + copy.product + "”" : "Bản chấm trên máy của “" + copy.product + "”") +
            " lưu lúc " + timeText(copy.savedAt) + ", chưa gửi lên máy chủ.", "warning");
        }
        if (form && copy.key === sheetKey && copy.state === "pending") fillForm(copy.fields);
      });
    });
  }

  window.addEventListener("online", function () { clearSaid(); sendAll(); });
  window.addEventListener("offline", function () {
    say("Mất mạng: bạn vẫn chấm được; bản chấm được lưu trên máy và tự gửi khi có mạng.", "warning");
  });
  showCopies().then(sendAll);

  // --- preparing a visit (queue page) -----------------------------------------------------
  var prepare = document.querySelector("[data-offline-prepare]");
  var prepared = document.getElementById("offline-prepared");
  var preparedKey = "ocop-cham-diem-chuan-bi:" + user;
  if (prepared && window.localStorage && localStorage.getItem(preparedKey)) {
    prepared.textContent = localStorage.getItem(preparedKey);
  }
  if (prepare) {
    prepare.addEventListener("click", function () {
      if (!("serviceWorker" in navigator)) {
        say("Trình duyệt này không hỗ trợ chấm điểm ngoại tuyến.", "danger");
        return;
      }
      prepare.disabled = true;
      fetch(prepare.dataset.offlinePrepare, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (bundle) {
          return navigator.serviceWorker.ready.then(function (registration) {
            return new Promise(function (resolve, reject) {
              var channel = new MessageChannel();
              channel.port1.onmessage = function (event) { (event.data && event.data.ok ? resolve : reject)(bundle); };
              registration.active.postMessage({ type: "prepare", urls: bundle.urls }, [channel.port2]);
            });
          });
        })
        .then(function (bundle) {
          var text = "Đã tải " + bundle.sheets.length + " phiếu" +
            (bundle.advisory && bundle.advisory.length ? " và " + bundle.advisory.length + " trang ghi chép tổ tư vấn" : "") +
            " về máy lúc " + timeText(new Date().toISOString()) + ": có thể chấm khi không có mạng.";
          if (prepared) prepared.textContent = text;
          if (window.localStorage) localStorage.setItem(preparedKey, text);
        })
        .catch(function () { say("Chưa tải được phiếu về máy. Hãy thử lại khi mạng ổn định.", "danger"); })
        .then(function () { prepare.disabled = false; });
    });
  }
})();
