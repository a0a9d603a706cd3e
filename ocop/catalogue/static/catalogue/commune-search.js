// Commune search-as-you-type for the public catalogue's filter: fills the <datalist> of
// the "xa" input with today's communes matching what is typed (within the chosen
// province), from the open-data API. Without JavaScript the typed name is sent as is and
// the server finds the commune (ocop.catalogue.selectors.communes_named).
(function () {
  "use strict";
  var input = document.getElementById("xa");
  var list = document.getElementById("xa-goi-y");
  var province = document.getElementById("tinh");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var last = "";

  function fill(units) {
    list.textContent = "";
    units.forEach(function (unit) {
      var option = document.createElement("option");
      option.value = unit.name;
      option.label = unit.parent ? unit.name + ", " + unit.parent.name : unit.name;
      list.appendChild(option);
    });
  }

  function suggest() {
    var text = input.value.trim();
    var key = text + "|" + (province ? province.value : "");
    if (text.length < 2 || key === last) return;
    last = key;
    var params = new URLSearchParams({ q: text, level: "commune", period: "current", page_size: "15" });
    if (province && province.value) params.set("parent", province.value);
    fetch(input.dataset.unitsUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { fill(data.results || []); })
      .catch(function () { /* suggestions are optional: typing still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 250);
  });
})();
