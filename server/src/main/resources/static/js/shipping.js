// The shipping pages (label panel, settings): confirmations, package presets filling the parcel, the price on the buy
// button, and opening the bought label for printing.
(function () {
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
    });
  });
  var pkg = document.getElementById('package');
  if (pkg) {
    pkg.addEventListener('change', function () {
      var o = pkg.options[pkg.selectedIndex];
      if (!o.value) { return; }
      var oz = parseFloat(o.getAttribute('data-weight-oz'));
      document.getElementById('weight-lb').value = Math.floor(oz / 16);
      document.getElementById('weight-oz').value = Math.round((oz % 16) * 100) / 100;
      ['length', 'width', 'height'].forEach(function (d) {
        document.getElementById(d + '-in').value = o.getAttribute('data-' + d) || '';
      });
    });
    // a preset proposed by the page (the store's default package) shows its weight and size when nothing is entered
    if (pkg.value && !document.getElementById('weight-lb').value && !document.getElementById('weight-oz').value) {
      pkg.dispatchEvent(new Event('change'));
    }
  }
  var buy = document.getElementById('buy-label');
  if (buy) {
    document.querySelectorAll('input[name=rateId]').forEach(function (radio) {
      radio.addEventListener('change', function () {
        buy.textContent = 'Buy label – ' + radio.getAttribute('data-price');
      });
    });
  }
  var print = document.getElementById('print-label');
  if (print) {
    // the label opens in the browser's PDF viewer, whose print dialog prints it on the 4x6 printer
    var opened = window.open(print.getAttribute('data-href'), '_blank');
    if (opened) { opened.opener = null; }
    if (!opened) { print.textContent = 'The label is ready: press "Print label" to open it for printing.'; }
    var button = document.getElementById('print-label-button');
    if (button) { button.focus(); }
  }
})();
