// The orders grid: "select all on this page", the selected count, and the filters open on a wide screen (folded on
// a phone, where the orders come first).
(function () {
  var all = document.getElementById('select-all');
  var count = document.getElementById('selected-count');
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.order-select'));
  var bar = document.getElementById('action-bar');

  function update() {
    var selected = boxes.filter(function (b) { return b.checked; }).length;
    if (count) { count.textContent = String(selected); }
    if (all) {
      all.checked = selected > 0 && selected === boxes.length;
      all.indeterminate = selected > 0 && selected < boxes.length;
    }
    if (bar) { bar.classList.toggle('has-selection', selected > 0); }
    boxes.forEach(function (b) {
      var row = b.closest('tr');
      if (row) { row.classList.toggle('selected', b.checked); }
    });
  }

  if (all) {
    all.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
      update();
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', update); });
  update();

  var filters = document.getElementById('filters');
  var search = document.getElementById('order-search');
  if (filters && (window.matchMedia('(min-width: 700px)').matches || (search && search.value))) {
    filters.open = true;
  }
})();
